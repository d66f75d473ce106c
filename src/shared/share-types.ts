// Words that both the host's session (session.ts) and the wire to viewers (wire.ts) use: here, so
// neither of the two imports the other (they did, both ways). Each re-exports its own.

/** Why a share ended; the host tells its viewers too (wire `end`). */
export type EndReason = 'stopped' | 'tab-closed' | 'tab-crashed' | 'capture-ended' | 'expired';

/** Where a viewer's picture comes from: the host's own connection, or the media server's room. */
export type MediaRoute = 'direct' | 'server';
