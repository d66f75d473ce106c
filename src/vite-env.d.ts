/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time defaults (README "Build-time defaults"). */
  readonly TABBEAM_VIEWER_URL?: string;
  readonly TABBEAM_PEER_SERVER?: string;
  readonly TABBEAM_ICE_SERVERS?: string;
  /** JSON: {"url":"wss://…/","apiSecret":"…","threshold":3} (threshold optional). */
  readonly TABBEAM_MEDIA_SERVER?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
