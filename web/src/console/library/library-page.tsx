export const LibraryPage = () => null
