export const RoomPage = () => null
