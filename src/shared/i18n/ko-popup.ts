// 팝업에 나오는 한국어 문장(오류와 설정 문제 포함): 팝업 번들이 ko.ts의 나머지를 싣지 않도록 따로 둬요.
import type { Messages } from './en';

export const errors: Messages['errors'] = {
  'not-capturable': () =>
    'TabBeam으로는 이 페이지를 공유할 수 없어요. 브라우저 페이지(chrome://, 웹 스토어, 새 탭 페이지)는 캡처할 수 없으니 일반 웹페이지로 이동한 뒤 TabBeam을 다시 클릭하세요.',
  'capture-failed': () =>
    'Chrome이 캡처를 허용하지 않았어요. 공유할 페이지에서 TabBeam을 클릭해 다시 시도하세요. 다른 앱이나 확장 프로그램이 이미 이 페이지를 공유하고 있다면 그 공유를 먼저 중지하세요.',
  cancelled: () => '아무것도 선택하지 않아서 바뀐 것이 없어요.',
  'mic-denied': () =>
    'TabBeam이 아직 마이크를 사용할 수 없어요. Chrome은 화면에 보이는 페이지에서만 권한을 물어봐요. 설정을 열어 "마이크와 카메라 허용"을 누른 다음 다시 시도하세요.',
  'mic-missing': () => '마이크를 찾을 수 없어요. 마이크를 연결하고 다시 시도하세요.',
  'camera-denied': () =>
    'TabBeam이 아직 카메라를 사용할 수 없어요. Chrome은 화면에 보이는 페이지에서만 권한을 물어봐요. 설정을 열어 "마이크와 카메라 허용"을 누른 다음 다시 시도하세요.',
  'camera-missing': () => '카메라를 찾을 수 없거나 다른 앱에서 사용 중이에요. 카메라를 연결하고 다시 시도하세요.',
  'bad-settings': (detail) =>
    detail
      ? `TabBeam 설정이 올바르지 않아요. ${detail} 설정을 열어 고쳐 주세요.`
      : 'TabBeam 설정이 올바르지 않아요. 설정을 열어 고쳐 주세요.',
  'broker-unreachable': (broker) =>
    `연결 브로커${broker ? `(${broker})` : ''}에 연결할 수 없어요. 인터넷 연결을 확인하세요. 직접 운영하는 브로커를 쓰고 있다면 설정에서 주소가 맞는지, 브로커가 실행 중인지 확인하세요.`,
  'broker-rejected': (broker) =>
    `연결 브로커${broker ? `(${broker})` : ''}가 이 공유를 거부했어요. 직접 운영하는 브로커를 쓰고 있다면 설정에서 키를 확인하세요. 그렇지 않다면 잠시 후 다시 시도하세요.`,
  internal: () =>
    'TabBeam 내부에서 문제가 생겼어요. 다시 시도해 보고, 같은 문제가 계속되면 chrome://extensions에서 TabBeam을 새로고침하세요.',
};

export const popup: Messages['popup'] = {
  title: 'TabBeam',
  idle: '공유하고 있지 않아요.',
  shareThisTab: '이 탭 공유하기',
  starting: '시작하는 중…',
  cancel: '취소',
  live: '공유 중',
  linkLabel: '공유 링크',
  copy: '링크 복사',
  copied: '복사됨',
  scanHint: '휴대폰 카메라로 코드를 비추면 휴대폰에서도 볼 수 있어요.',
  qrLabel: '공유 링크 QR 코드',
  watching: { other: '{n}명 시청 중' },
  stopsAt: (time) => `${time}에 자동 중지`,
  brokerLost:
    '브로커에 다시 연결하는 중이라 새 시청자는 잠시 링크로 들어올 수 없어요. 이미 보고 있는 사람은 영향을 받지 않아요.',
  codeHelp:
    '확인 단어: 이 시청자의 페이지에도 같은 단어가 보여요. 누가 보고 있는지 확실히 하고 싶다면 소리 내어 서로 비교해 보세요. 단어는 영어로 나오니 보이는 그대로 비교하면 돼요.',
  wantsToJoin: '참여 요청',
  letIn: '입장 허용',
  letInViewer: (code) => `시청자 ${code} 입장 허용`,
  deny: '거절',
  denyViewer: (code) => `시청자 ${code} 거절`,
  kick: '내보내기',
  kickViewer: (code) => `시청자 ${code} 내보내기`,
  leftBeforeAnswer: (code) => `응답하기 전에 시청자(${code})가 나갔어요.`,
  pause: '일시정지',
  resume: '다시 시작',
  paused: '일시정지됨',
  pausedNote: '다시 시작할 때까지 시청자에게는 일시정지 화면이 보여요.',
  lock: '잠금: 새 시청자 받지 않기',
  lockHelp: '잠겨 있는 동안에는 아무도 새로 참여할 수 없어요. 이미 보고 있는 사람은 계속 볼 수 있어요.',
  locked: '잠김',
  preview: '시청 화면 열기',
  stop: '공유 중지',
  tryAgain: '이 탭에서 다시 시도',
  dismiss: '닫기',
  settings: '설정',
  openSettings: '설정 열기',
  showing: {
    tab: '이 탭을 공유하고 있어요',
    otherTab: '다른 탭을 공유하고 있어요',
    picked: '화면, 창 또는 탭을 공유하고 있어요',
    camera: '카메라를 공유하고 있어요',
  },
  shareThisTabInstead: '대신 이 탭 공유하기',
  sharePicked: '화면 또는 창…',
  shareCamera: '카메라',
  mic: '마이크',
  micHelp: '시청자가 듣는 소리에 내 목소리를 함께 섞어요.',
  muteForMe: '나만 음소거',
  muteForMeHelp: '공유 중인 소리를 이 컴퓨터에서만 꺼요. 시청자에게는 계속 들려요.',
  quality: '화질',
  presets: { auto: '자동', text: '텍스트', motion: '움직임' },
  presetHelp:
    '텍스트: 선명하지만 프레임 수가 적어요. 움직임: 영상이 부드러워요. 자동: 무언가 재생되는 동안에는 움직임으로 바뀌어요.',
  letViewersPoint: '시청자가 가리킬 수 있게 하기',
  letViewersPointHelp:
    '시청자가 이 탭 위에 점을 찍고, 물결을 만들고, 선을 그릴 수 있어요. 나와 모든 시청자에게 보여요. 시청자에게 탭 제어를 허용하기 전에는 클릭하거나 입력할 수 없어요.',
  pointingOffPage:
    'Chrome이 이 페이지에는 TabBeam이 그리는 것을 허용하지 않아서 가리키기가 꺼져 있어요. 다시 허용하려면 이 페이지에서 TabBeam을 클릭하세요.',
  pointingOffSource: '시청자는 탭을 공유할 때만 가리킬 수 있어요. 화면, 창, 카메라를 공유할 때는 쓸 수 없어요.',
  pointing: '가리키는 중',
  letViewersCopy: '시청자가 글자를 복사할 수 있게 하기',
  letViewersCopyHelp:
    '시청자가 이 탭에 보이는 글자를 선택하고, 복사하고, 검색하고, 링크를 열 수 있어요. 입력란과 비밀번호 칸의 내용은 보내지 않아요.',
  allowPointing: (code) => `시청자(${code})가 가리킬 수 있게 하기`,
  asksToControl: '이 탭 제어 요청',
  controlling: '이 탭을 제어하는 중',
  allowControl: '허용',
  allowControlViewer: (code) => `시청자(${code})가 이 탭을 제어하도록 허용`,
  denyControl: '거절',
  denyControlViewer: (code) => `시청자(${code})의 제어 요청 거절`,
  takeBackControl: '제어권 되찾기',
  controlNotice: (code) =>
    `${code} 님이 이 탭을 제어하고 있어요(클릭, 스크롤, 입력). 언제든 제어권을 되찾을 수 있어요.`,
  viaMediaServer: '미디어 서버 경유',
  viaMediaServerCount: { other: '{n}명 미디어 서버 경유' },
  mediaServerUnreachable: '미디어 서버에 연결할 수 없어요. 시청자는 계속 P2P로 시청해요.',
  mediaServerLost: '미디어 서버와의 연결이 끊겼어요. 시청자는 다시 P2P로 시청해요.',
};

export const settings: Messages['settings'] = {
  'viewer-url-missing': () => '시청 페이지 주소를 입력하세요.',
  'viewer-url-invalid': ({ value }) => `웹 주소가 아니에요: "${value}"`,
  'viewer-url-insecure': () => '시청 페이지 주소는 https://로 시작해야 해요. http://는 localhost에서만 쓸 수 있어요.',
  'viewer-url-fragment': () => '시청 페이지 주소에는 # 부분이 들어갈 수 없어요.',
  'broker-malformed': () => '브로커 설정의 형식이 잘못됐어요.',
  'broker-host': ({ value }) => `브로커 호스트가 올바른 호스트 이름이 아니에요: "${value}"`,
  'broker-port': () => '브로커 포트는 1부터 65535까지의 정수여야 해요.',
  'broker-path': () => '브로커 경로는 "/"로 시작해야 하고, 영문자, 숫자와 - . _ ~ /만 쓸 수 있어요.',
  'broker-secure': () => '브로커가 TLS(보안 연결)를 쓰는지 선택하세요.',
  'broker-key': () => '브로커 키에는 영문자, 숫자, -, _만 쓸 수 있어요(최대 64자).',
  'broker-insecure': () => '공개 호스트 이름의 브로커는 보안 연결(TLS)을 써야 해요.',
  'broker-url-invalid': ({ value }) => `브로커 URL이 아니에요: "${value}" (예: https://peer.example.com:443/path)`,
  'broker-url-scheme': () => '브로커 URL은 https:// 또는 http://로 시작해야 해요.',
  'ice-not-list': () => 'ICE 서버는 목록이어야 해요.',
  'ice-too-many': ({ max }) => `ICE 서버는 최대 ${max}개까지 쓸 수 있어요.`,
  'ice-malformed': ({ server }) => `${server}번째 ICE 서버의 형식이 잘못됐어요.`,
  'ice-urls': ({ server }) => `${server}번째 ICE 서버에는 URL이 1개에서 5개까지 있어야 해요.`,
  'ice-url': ({ server, value }) =>
    `${server}번째 ICE 서버: stun:, stuns:, turn:, turns: 중 하나로 시작하는 URL이어야 해요("${value}").`,
  'ice-text': ({ server, name }) =>
    `${server}번째 ICE 서버: ${name === 'username' ? '사용자 이름' : '자격 증명'}은 텍스트여야 해요.`,
  'ice-turn-credentials': ({ server }) =>
    `${server}번째 ICE 서버: TURN 서버에는 사용자 이름과 자격 증명, 또는 공유 비밀 키(secret=…)가 필요해요.`,
  'ice-secret': ({ server }) => `${server}번째 ICE 서버: 공유 비밀 키는 공백이나 한글 없이 1자에서 256자까지여야 해요.`,
  'ice-secret-and-credentials': ({ server }) =>
    `${server}번째 ICE 서버: 공유 비밀 키와 사용자 이름·자격 증명 중 하나만 쓰세요.`,
  'ice-secret-not-turn': ({ server }) =>
    `${server}번째 ICE 서버: 공유 비밀 키는 turn: 또는 turns: URL에만 쓸 수 있어요.`,
  'ask-to-join': () => '시청자마다 입장을 승인할지 선택하세요.',
  'live-text': () => '시청자가 페이지의 글자를 복사할 수 있게 할지 선택하세요.',
  'control-yields': () => '내 마우스와 키보드를 쓰면 시청자에게서 제어권을 바로 되찾을지 선택하세요.',
  'max-viewers': ({ max }) => `최대 시청자 수는 1부터 ${max}까지의 정수여야 해요.`,
  expiry: ({ maxMinutes }) =>
    `공유는 최대 ${maxMinutes / 60}시간(${maxMinutes}분) 뒤에 자동으로 중지되게 하거나, 자동으로 중지되지 않게 할 수 있어요.`,
  quality: () => '자동, 텍스트, 움직임 중에서 고르세요.',
  'max-height': ({ min, max }) =>
    `최대 해상도(세로 줄 수)는 ${min}부터 ${max}까지의 정수여야 해요. 비워 두면 화질 설정을 따라요.`,
  'max-framerate': ({ min, max }) =>
    `최대 초당 프레임 수는 ${min}부터 ${max}까지의 정수여야 해요. 비워 두면 화질 설정을 따라요.`,
  'max-bitrate': ({ min, max }) =>
    `최대 비트레이트(kbit/s)는 ${min}부터 ${max}까지의 정수여야 해요. 비워 두면 화질 설정을 따라요.`,
  'media-server-malformed': () => '미디어 서버 설정의 형식이 잘못됐어요.',
  'media-server-missing': () => '미디어 서버 주소를 입력하세요.',
  'media-server-url': ({ value }) =>
    `미디어 서버 주소가 아니에요: "${value}" (예: wss://janus.example.com/ 또는 https://janus.example.com/janus)`,
  'media-server-scheme': () => '미디어 서버 주소는 wss://, https://, ws://, http:// 중 하나로 시작해야 해요.',
  'media-server-insecure': () =>
    '미디어 서버는 wss:// 또는 https://를 써야 해요. ws://와 http://는 localhost에서만 쓸 수 있어요.',
  'media-server-path': () =>
    'http(s):// 주소에는 Janus HTTP API의 경로를 붙여야 해요. 보통 /janus예요(예: https://janus.example.com/janus).',
  'media-server-secret': () =>
    '미디어 서버의 API 시크릿 또는 토큰을 입력하세요. 공백 없이 영문자, 숫자, 기호로 1~256자여야 해요.',
  'media-server-threshold': ({ max }) =>
    `미디어 서버를 쓰기 시작하는 시청자 수는 0(항상 사용)부터 ${max}까지의 정수여야 해요.`,
};
