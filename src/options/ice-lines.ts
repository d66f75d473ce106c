// The options form edits ICE servers as text, one server a line: "URL [username credential]".
import type { IceServer } from '../shared/settings';

export function iceToLines(servers: IceServer[]): string {
  return servers.map((s) => [s.urls.join(','), s.username, s.credential].filter(Boolean).join(' ')).join('\n');
}

/** Shape only; validateIceServers checks the values and words the errors. */
export function linesToIce(text: string): IceServer[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [urls = '', username, credential] = line.split(/\s+/);
      const server: IceServer = { urls: urls.split(',').filter(Boolean) };
      if (username) server.username = username;
      if (credential) server.credential = credential;
      return server;
    });
}
