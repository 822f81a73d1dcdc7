/**
 * Traditional Chinese → Simplified, for the characters the lexicons use (one character to one, so text indices do
 * not move). Briefs from Taiwan and Hong Kong read like any other.
 */
const PAIRS =
  "鋼钢樂乐電电貝贝節节調调鐘钟無无縫缝環环風风獨独懸悬緊紧張张輕轻聲声漸渐強强開开頭头結结兒儿歡欢夢梦傷伤憂忧鬱郁靜静寧宁舊旧懷怀爾尔華华藍蓝鄉乡謠谣圍围銅铜號号長长簫箫嗩唢吶呐箏筝薩萨鈴铃遊游戲戏廣广視视頻频禮礼適适時时兩两個个處处進进發发緩缓點点換换沒没說说詞词響响熱热溫温勵励極极積积彈弹撥拨擊击鍵键盤盘圓圆預预紀纪錄录傳传統统國国蘭兰蘇苏業业務务搖摇滾滚復复賽赛機机學学習习產产佈布運运動动減减鬆松靈灵維维級级來来給给幫帮們们這这請请讓让裡里還还與与對对為为麼么後后從从變变體体樣样邊边聽听當当過过會会應应該该嗎吗遠远質质奮奋藝艺術术險险觀观紅红嚴严場场麗丽愛爱顫颤馬马鳴鸣雙双響响讚赞詩诗幫帮啟启導导專专隊队組组鳥鸟雲云氣气島岛絲丝戀恋誕诞聖圣節节幾几級级類类種种隨随歲岁陽阳園园陰阴驚惊慄栗詭诡異异奧奥祕秘戰战鬥斗鬧闹趣趣燈灯萬万與与";

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) {
  const from = PAIRS[i];
  const to = PAIRS[i + 1];
  if (from && to) MAP.set(from, to);
}

export function toSimplified(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  let out = "";
  for (const c of text) out += MAP.get(c) ?? c;
  return out;
}
