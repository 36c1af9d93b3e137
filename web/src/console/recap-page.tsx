export const RecapPage = () => null
