export const JourneyPage = () => null
