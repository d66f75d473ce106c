/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time defaults (README "Build-time defaults"). */
  readonly TABBEAM_VIEWER_URL?: string;
  readonly TABBEAM_PEER_SERVER?: string;
  readonly TABBEAM_ICE_SERVERS?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
