// 공유 중인 탭에서 공유하는 사람에게 보이는 한국어 문장(원격 제어 요청과 배너): 오버레이 스크립트가 이것만 싣도록 따로 둬요.
import type { OverlayMessages } from './en-overlay';

export const overlay: OverlayMessages = {
  asks: (words) => `${words} 님이 이 탭을 제어하려고 해요`,
  more: { other: '외 {n}명' },
  allow: '허용',
  deny: '거절',
  promptLabel: '원격 제어 요청',
  controlling: (words) => `${words} 님이 이 탭을 제어하고 있어요. 되찾으려면 Esc를 두 번 누르거나 여기를 클릭하세요`,
};
