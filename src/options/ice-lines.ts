// The options form edits ICE servers as text, one server a line: "URL [username credential]", or
// "URL secret=<shared secret>" for a TURN server that takes credentials made from a shared secret.
const SECRET = 'secret=';

/** One line as typed: an IceServerSetting once validateIceSettings agrees. */
export interface IceLine {
  urls: string[];
  username?: string;
  credential?: string;
  secret?: string;
}

export function iceToLines(servers: readonly IceLine[]): string {
  return servers
    .map((s) => {
      const credentials = s.secret !== undefined ? [`${SECRET}${s.secret}`] : [s.username, s.credential];
      return [s.urls.join(','), ...credentials].filter(Boolean).join(' ');
    })
    .join('\n');
}

/** Shape only; validateIceSettings checks the values and words the errors (a secret beside credentials, too). */
export function linesToIce(text: string): IceLine[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [urls = '', second, third] = line.split(/\s+/);
      const server: IceLine = { urls: urls.split(',').filter(Boolean) };
      if (second?.startsWith(SECRET)) {
        server.secret = second.slice(SECRET.length);
        if (third) server.credential = third;
        return server;
      }
      if (second) server.username = second;
      if (third) server.credential = third;
      return server;
    });
}
