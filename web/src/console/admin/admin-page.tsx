export const AdminPage = () => null
