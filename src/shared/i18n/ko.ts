// 한국어 카탈로그. en.ts와 같은 모양(Messages)이어야 컴파일돼요.
// Written for Korean readers, not word for word: polite 해요체, and the same terms everywhere —
// 공유, 시청자, 링크, 중지, 일시정지, 확인 단어, 브로커, 설정. Key names stay as keys.
// The verification words themselves are not translated (proof.ts): both sides must show the
// same words whatever their languages, so the help text says to compare them as shown.
import type { ExtensionMessages, Messages } from './en';
import { errors, popup, settings } from './ko-popup';

// Said in two places (see en.ts).
const SHARE_PICKED = '화면, 창 또는 탭 공유하기…';
const SHARE_CAMERA = '내 카메라 공유하기';
const ACTION_TITLE = 'TabBeam — 클릭해서 이 탭 공유하기';

const menu: Messages['menu'] = {
  tab: '이 탭 공유하기',
  picked: SHARE_PICKED,
  camera: SHARE_CAMERA,
};

const manifest: Messages['manifest'] = {
  name: 'TabBeam',
  description:
    '클릭 한 번으로 지금 보는 탭을 공유하세요. 링크를 받은 사람은 누구나 브라우저에서 바로 실시간으로 볼 수 있어요. P2P 방식이고 암호화돼요.',
  actionTitle: ACTION_TITLE,
  executeAction: '이 탭 공유하기 (공유 중이면 TabBeam 열기)',
  sharePicked: SHARE_PICKED,
  shareCamera: SHARE_CAMERA,
};

const badge: Messages['badge'] = {
  live: '공유', // "sharing": two syllables fit the badge
  paused: 'II',
  starting: '…',
  error: '!',
  idleTitle: ACTION_TITLE,
  liveTitle: (n) => `TabBeam — 공유 중, ${n}명 시청 중. 링크를 보거나 중지하려면 클릭하세요.`,
  pausedTitle: (n) =>
    `TabBeam — 일시정지됨: ${n}명이 일시정지 화면을 보고 있어요. 다시 시작하거나 중지하려면 클릭하세요.`,
  errorTitle: 'TabBeam — 공유할 수 없어요. 자세히 보려면 클릭하세요.',
};

const notifications: Messages['notifications'] = {
  copiedTitle: '이 탭을 공유하고 있어요',
  copiedBody:
    '공유 링크를 복사했어요. 볼 사람에게 붙여 넣어 보내세요. 링크를 다시 보거나 공유를 중지하려면 TabBeam을 다시 클릭하세요.',
  joinTitle: '누군가 내 탭을 보려고 해요',
  joinBody: (code) => `상대방 페이지의 확인 단어: ${code}. 입장을 허용할까요?`,
  letIn: '입장 허용',
  deny: '거절',
  leftTitle: '참여 요청이 취소됐어요',
  leftBody: (code) => `응답하기 전에 시청자(${code})가 나갔어요. 다시 들어오면 다시 요청할 거예요.`,
  controlTitle: '시청자가 탭 제어를 요청했어요',
  controlBody: (code) =>
    `상대 화면에 ${code}이(가) 보여요. 허용하면 제어권을 되찾을 때까지 공유 중인 탭에서 클릭, 스크롤, 입력을 할 수 있어요.`,
  allowControl: '허용',
};

const options: Messages['options'] = {
  title: 'TabBeam 설정',
  viewerUrl: '시청 페이지 주소',
  viewerUrlHelp: '공유 링크가 이 주소로 연결돼요. 직접 호스팅하려면 dist/viewer/를 아무 정적 웹 호스팅에 올리세요.',
  broker: '연결 브로커',
  publicBroker: 'PeerJS 공개 브로커 (기본값)',
  ownBroker: '직접 운영하는 PeerServer',
  host: '호스트',
  port: '포트',
  path: '경로',
  secure: '보안 연결 (TLS)',
  key: '키',
  ice: 'ICE 서버 (STUN/TURN)',
  defaultIce: 'PeerJS 기본값',
  customIce: '직접 지정',
  iceHelp:
    '한 줄에 서버 하나씩 적으세요. URL을 쓰고, TURN 서버라면 사용자 이름과 자격 증명을 공백으로 띄워 이어서 쓰세요. 공유 비밀 키를 쓰는 TURN 서버(coturn의 use-auth-secret)라면 그 대신 secret=<비밀 키>를 쓰세요. 비밀 키는 이 브라우저에만 남고, 공유 링크마다 공유가 끝나면(또는 12시간 뒤에) 더는 쓸 수 없는 사용자 이름과 자격 증명이 따로 만들어져요.',
  whoCanWatch: '시청할 수 있는 사람',
  askToJoin: '누군가 참여하기 전에 나에게 묻기',
  liveText: '시청자가 공유된 페이지의 글자를 복사할 수 있게 하기(공유 중에 팝업에서 바꿀 수 있어요)',
  controlYieldsToSharer: '시청자가 공유 중인 탭을 제어하는 동안 내 마우스나 키보드를 쓰면 바로 제어권 되찾기',
  maxViewers: '최대 시청자 수',
  expiry: '공유 자동 중지까지 (분)',
  never: '중지 안 함',
  save: '저장',
  saved: '저장했어요. 새 공유부터 이 설정이 적용돼요.',
  reset: '기본값으로 되돌리기',
  qualityTitle: '화질',
  quality: '공유를 시작할 때 화질',
  limits: '제한 (비워 두면 화질 설정을 따라요)',
  maxHeight: '최대 해상도 (세로 줄 수, 예: 720)',
  maxFramerate: '최대 초당 프레임 수',
  maxBitrate: '최대 비트레이트 (kbit/s)',
  permissionsTitle: '마이크와 카메라',
  permissionsHelp:
    'Chrome은 화면에 보이는 페이지에서만 이 권한을 물어봐요. 여기서 한 번 허용해 두면 팝업에서 마이크를 더하거나 카메라를 공유할 수 있어요.',
  allowDevices: '마이크와 카메라 허용',
  devicesAllowed: {
    both: '허용됐어요. 이제 팝업에서 마이크와 카메라를 쓸 수 있어요.',
    microphone: '마이크가 허용됐어요. 카메라는 찾지 못했어요(또는 거부됐어요).',
    camera: '카메라가 허용됐어요. 마이크는 찾지 못했어요(또는 거부됐어요).',
  },
  devicesMissing: '이 컴퓨터에서 마이크나 카메라를 찾을 수 없어요.',
  devicesBusy:
    'Chrome이 마이크나 카메라를 켜지 못했어요. 다른 앱에서 사용 중일 수 있으니 그 앱을 닫고 다시 시도하세요.',
  devicesDenied: '허용되지 않았어요. 주소창의 카메라 아이콘이나 TabBeam의 Chrome 사이트 설정에서 허용하세요.',
  advanced: '고급',
  advancedHelp:
    '공유 링크가 여는 주소와, 브라우저끼리 서로 찾도록 돕거나 많은 시청자에게 화면을 전달하는 서버를 정해요. 시청 페이지나 서버를 직접 운영할 때만 바꾸세요.',
  brokerHelp:
    '내 브라우저와 시청자의 브라우저를 이어 줘요. 화면과 소리는 브로커를 거치지 않고 브라우저끼리 바로 오가요.',
  iceIntro: '방화벽이 있어도 브라우저끼리 연결되도록 도와줘요. 직접 연결할 수 없을 때는 TURN 서버가 화면을 전달해요.',
  mediaServer: '미디어 서버',
  mediaServerHelp:
    '시청자가 여기서 정한 인원을 넘으면, 그 뒤의 시청자는 이 브라우저에서 바로 받지 않고 Janus 미디어 서버를 거쳐 시청해요. 화면과 소리는 종단 간 암호화된 채로 전달돼서 서버도 내용을 보거나 들을 수 없어요.',
  mediaServerOn: '시청자가 많을 때 미디어 서버 사용',
  mediaServerUrl: '서버 주소',
  mediaServerUrlHelp:
    'Janus의 WebSocket 주소(wss://janus.example.com/)나 HTTP 주소(https://janus.example.com/janus)를 입력하세요.',
  mediaServerSecret: 'API 시크릿 또는 토큰',
  showSecret: '시크릿 보기',
  mediaServerThreshold: '이 인원보다 시청자가 많으면 사용',
  mediaServerThresholdHelp: '0이면 항상 사용해요.',
};

export const viewer: Messages['viewer'] = {
  connectingBroker: '연결하는 중…',
  connectingHost: '공유하는 사람에게 연결하는 중…',
  checkingLink: '링크를 확인하는 중…',
  waitingMedia: '연결됐어요. 화면을 기다리는 중…',
  waitingForHost: '공유하는 사람이 입장을 허용하기를 기다리는 중…',
  paused: '공유하는 사람이 공유를 일시정지했어요.',
  pausedHint: '공유가 다시 시작되면 화면이 돌아와요.',
  codeLabel: '확인 단어',
  codeHelpLive: '공유하는 사람에게도 같은 단어가 보여요.',
  codeHelpWaiting: '내가 맞는지 알 수 있도록 공유하는 사람에게 이 단어를 읽어 주세요.',
  codeHelp:
    '공유하는 사람의 시청자 목록에도 같은 단어가 보여요. 단어는 영어로 나오니 보이는 그대로 비교하세요. 단어가 다르면 누군가 중간에서 엿보고 있을 수 있어요.',
  security:
    '보안 경고: 이 연결을 누군가 가로채고 있어요. 링크는 맞지만, 나와 공유하는 사람 사이에 있는 누군가가 다른 사람인 척하고 있어요. 아무것도 표시하지 않았어요. 공유하는 사람에게 알리고 다른 네트워크에서 다시 시도하세요.',
  full: '이 공유는 시청자가 가득 찼어요. 더 많은 사람이 볼 수 있게 해 달라고 공유하는 사람에게 요청하세요.',
  locked: '공유하는 사람이 이 공유를 잠갔어요. 새 시청자는 참여할 수 없어요.',
  rejected: '공유하는 사람이 입장을 허용하지 않았어요.',
  kicked: '공유하는 사람이 나를 이 공유에서 내보냈어요.',
  live: '실시간',
  ended: '공유가 끝났어요.',
  unmute: '소리 켜기',
  mute: '소리 끄기',
  badLink: '링크가 올바르지 않거나 만료됐어요. 공유하는 사람에게 새 링크를 요청하세요.',
  notFound: '공유를 찾을 수 없어요. 공유가 끝났거나 링크가 잘렸을 수 있어요. 새 링크를 요청하세요.',
  brokerUnreachable: (broker) =>
    `연결 브로커(${broker})에 연결할 수 없어요. 인터넷 연결을 확인하거나, 공유하는 사람에게 브로커가 실행 중인지 물어보세요.`,
  connectionFailed:
    '공유하는 사람에게 연결할 수 없어요. 방화벽이 직접 연결을 막고 있을 수 있어요. TURN 서버를 쓰면(TabBeam 설정 → 고급 → ICE 서버) 대개 해결돼요.',
  lost: '공유하는 사람과의 연결이 끊겼고, 다시 시도했지만 복구되지 않았어요.',
  reconnecting: (attempt) => `연결이 끊겼어요. 다시 연결하는 중… (${attempt}번째 시도)`,
  versionMismatch: '이 공유를 보기에는 시청 페이지의 버전이 오래됐어요.',
  hostOutdated: '공유하는 사람이 이전 버전의 TabBeam을 쓰고 있어요. 업데이트해 달라고 부탁한 뒤 다시 시도하세요.',
  quality: '화질',
  preferences: { auto: '자동', sharper: '선명하게', smoother: '부드럽게' },
  preferenceHelp:
    '선명하게: 글자가 또렷하지만 프레임 수가 적어요. 부드럽게: 움직임이 매끄럽지만 디테일이 줄어요. 내 화면에만 적용돼요.',
  titles: {
    connecting: '연결 중…',
    waiting: '참여 대기 중',
    live: '● 실시간',
    paused: '일시정지됨',
    reconnecting: '다시 연결 중…',
    ended: '종료됨',
    error: '볼 수 없음',
  },
  tryAgain: '다시 시도',
  askAgain: '다시 요청',
  reload: '새로고침',
  newLink: '새 링크 붙여 넣기',
  open: '열기',
  fullscreen: '전체 화면',
  exitFullscreen: '전체 화면 종료',
  pip: 'PIP 모드',
  zoom: '확대/축소',
  zoomIn: '확대',
  zoomOut: '축소',
  zoomFit: '맞춤',
  zoomFitHelp: '화면을 창 크기에 맞추기',
  zoom1to1Help: '실제 크기: 공유 화면의 1픽셀을 내 화면의 1픽셀로 보기',
  statsButton: '통계',
  shortcutsButton: '단축키',
  close: '닫기',
  volume: '볼륨',
  noSound: '이 공유에는 소리가 없어요',
  soundOnly: '소리만 나와요. 이 공유에는 화면이 없어요',
  point: '가리키기',
  pointHelp:
    '공유된 탭을 가리켜 보세요. 모든 시청자에게 내 점이 보여요. 클릭하면 물결이 퍼지고, 드래그하면 선이 그려져요.',
  pointingNotes: {
    off: '공유하는 사람이 가리키기를 꺼 두었어요. 가리키고 싶다면 켜 달라고 요청하세요.',
    source:
      '가리키기는 탭을 공유할 때만 쓸 수 있는데, 이 공유는 화면, 창 또는 카메라예요. 가리키고 싶다면 탭을 공유해 달라고 요청하세요.',
    page: '공유된 페이지에는 지금 그릴 수 없어요(예: 브라우저 페이지). 허용해 달라고 요청하거나, 다른 페이지로 넘어갈 때까지 기다리세요.',
  },
  askControl: '제어 요청',
  askingControl: '요청하는 중… (클릭하면 취소)',
  stopControl: '제어 그만하기',
  askControlHelp: '공유하는 사람에게 공유된 탭에서 클릭, 스크롤, 입력을 할 수 있게 해 달라고 요청해요.',
  controlKeys: '공유된 탭에 보낼 키 입력',
  controllingHint:
    '공유된 탭을 제어하고 있어요. 클릭, 스크롤, 입력이 그 탭으로 가요. 돌려주려면 제어 그만하기를 누르세요.',
  controlNotes: {
    denied: '공유하는 사람이 거절했어요. 잠시 뒤에 다시 요청할 수 있어요.',
    ended: '이제 공유된 탭을 제어하지 않아요. 공유하는 사람이 제어권을 되찾았거나 페이지가 바뀌었어요.',
    source: '제어는 탭을 공유할 때만 할 수 있는데, 이 공유는 화면, 창 또는 카메라예요. 탭을 공유해 달라고 요청하세요.',
    page: '공유된 페이지에는 지금 TabBeam이 들어갈 수 없어요(예: 브라우저 페이지). 다른 페이지로 넘어갈 때까지 기다리세요.',
  },
  textLayer: '공유된 페이지의 글자',
  copyText: '글자 복사',
  copyTextHelp: '공유된 페이지에 지금 보이는 글자를 모두 복사해요. 화면에서 글자를 직접 선택해 복사할 수도 있어요.',
  copied: '페이지의 글자를 복사했어요.',
  copyFailed: '복사하지 못했어요. 화면에서 글자를 선택한 뒤 Ctrl+C(Mac에서는 ⌘C)를 누르세요.',
  textNotes: {
    off: '공유하는 사람이 글자 복사를 꺼 두었어요. 글자를 복사하고 싶다면 켜 달라고 요청하세요.',
    source: '글자를 복사할 페이지가 없어요. 이 공유는 화면, 창 또는 카메라예요.',
    page: '공유된 페이지의 글자를 지금은 읽을 수 없어요(예: 브라우저 페이지). 다른 페이지가 나올 때까지 기다리세요.',
  },
  readPage: '페이지 읽기',
  readPageHelp: '페이지 읽기: 공유된 페이지의 글자가 바뀌면 화면 낭독기가 알려 줘요.',
  pageChanged: (lines) => `페이지가 바뀌었어요: ${lines}`,
  openLinkTitle: '이 링크를 열까요?',
  openLinkBody: '내 브라우저의 새 탭에서 열려요. 공유된 탭은 바뀌지 않아요.',
  openLink: '열기',
  cancel: '취소',
  stats: {
    title: '통계',
    resolution: '해상도',
    fps: '프레임 속도',
    bitrate: '비트레이트',
    codec: '코덱',
    rtt: '왕복 시간',
    loss: '패킷 손실',
    jitterBuffer: '지터 버퍼',
    connection: '연결',
    direct: '직접 연결',
    relay: '중계 (TURN)',
    relayTcp: '중계 (TURN/TCP)',
    relayTls: '중계 (TURN/TLS)',
    server: '미디어 서버 경유',
    unknown: '—',
  },
  shortcuts: {
    fullscreen: '전체 화면 (또는 화면 더블클릭)',
    pip: 'PIP 모드',
    zoom: '확대, 축소 (또는 휠, 핀치)',
    fit: '창에 맞추기 (또는 두 번 탭)',
    actualSize: '실제 크기 (1:1)',
    pan: '확대한 화면 둘러보기 (또는 드래그)',
    sound: '소리 켜기, 끄기',
    volume: '볼륨',
    quality: '화질: 자동, 선명하게, 부드럽게',
    stats: '통계',
    point: '공유된 탭 가리키기: 클릭하면 물결, 드래그하면 선 그리기',
    pointHeld: '화면 위에서 누르고 있으면 가리키기를 켜지 않고도 가리킬 수 있어요',
    control: '공유된 탭 제어를 요청하거나 그만하기',
    help: '이 목록',
  },
};

export const koExtension: ExtensionMessages = {
  manifest,
  errors,
  popup,
  menu,
  badge,
  notifications,
  options,
  settings,
};
export const ko: Messages = { ...koExtension, viewer };
