export function parseCredentials(text: string): { username: string; password: string }[]
