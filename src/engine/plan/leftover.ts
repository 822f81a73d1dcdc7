/**
 * What no reader used: content words left over after every reader ran, so the summary can say what was not
 * understood. Function words and the usual brief vocabulary ("track", "music", "生成", "一段") are not reported.
 */

const STOP = new Set(
  `a an the and or but nor of to in on at by for from with into onto over under up down out off about as is are be been
  being was were it its it's this that these those there here i me my we our us you your he she they them their some
  any all each every both more most less very really quite so too just also then than like please can could would
  should will shall may might must do does did done make made making give get create generate compose produce write
  want need needs looking look something thing things kind sort type style styled ish vibe vibes feel feeling feels
  sound sounds sounding music musical track tracks song songs tune tunes piece pieces cue cues beat loop version
  background bg clip clips video videos film movie scene scenes content channel intro outro theme themes part parts
  section sections long length short duration seconds second minute minutes time timing tempo bpm key keys
  mode scale signature meter metre lufs loudness mix mixed master mastered stereo around about approx approximately
  roughly exactly total max maximum min minimum overall whole entire full bit little lot lots few several one two
  new good nice great cool best perfect suitable appropriate fitting fit fits use used using usage purpose spot
  which who whom whose what when where why how while during through throughout across after before until till ending
  end ends start starts beginning middle note notes level levels have has had having keep kept let lets maybe
  please thanks thank hello hi hey okay ok yes no not same other another different way ways sure well now still
  without minus sans except solo duet trio bars bar measures big safe bed finale middle opening climax ticking
  montuno total roll silence back prominent picking instrument instruments instrumentation
  featuring feat only app len sig texture textures banger screen car morning evening night day sunday video's
  charity appeal sneaker sneakers shoe product brand company team event low high winter summer autumn spring drop drops dropping hit hits hitting climax impact accent kicks kick comes coming goes arrives lands
  remove removing lose ditch skip cut mute kill exclude omit add adding replace swap rid take leave strip bring
  change switch turn put set go keep try again
  instead rather much many own let's i'd i'm we're it'll that's there's don't doesn't should've`.split(/\s+/),
);

const ZH_FILLER =
  /生成|创作|制作|来一段|来一首|一段|一首|一个|一支|给我|帮我|我想要|我想|我要|需要|想要|请|的|了|得|地|和|与|及|以及|还有|并且|而且|适合|用于|用来|作为|一点|一些|有点|比较|非常|很|更|最|稍微|音乐|配乐|曲子|歌曲|乐曲|曲|歌|背景|视频|片子|感觉|风格|氛围|节奏|速度|时长|长度|左右|大概|大约|做|写|为|给|要|用|把|让|在|是|有|带|加|再|就|也|都|还|又|这|那|个|首|段|些|吧|呢|啊|哦|呀|吗|里|中|上|下|着|过|一下|整体|部分|搭配|加入|配上|结合|包含|使用|主要|然后|可以|能够|能|会|应该|好|好听|不错|之类|等|换成|改成|换为|改为|变成|去掉|不要|没有|加上|加入|添加|增加|一段|改|换|变|调整|结尾|结束|开头|开始|一下|点|独奏|节目|入场|三重奏|二重奏|四重奏|进入高潮|进入|高潮|爆发|副歌|有一个|一个|场面|画面|场景|镜头|调性|任何|重音|响度|实验|有点/g;

/** Short descriptions of unread words, at most `limit`. */
export function leftoverWords(leftover: string, limit = 8): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (w: string) => {
    if (seen.has(w) || out.length >= limit) return;
    seen.add(w);
    out.push(`"${w}" (not understood)`);
  };
  for (const m of leftover.matchAll(/[A-Za-z][A-Za-z'’-]{2,}/g)) {
    const w = m[0].toLowerCase().replace(/['’-]+$/, "");
    if (w.length < 3 || STOP.has(w)) continue;
    push(w.length > 24 ? `${w.slice(0, 24)}…` : w);
  }
  for (const m of leftover.matchAll(/[\u3400-\u9fff]+/g)) {
    const rest = m[0].replace(ZH_FILLER, " ").trim();
    for (const piece of rest.split(/\s+/)) {
      if ([...piece].length >= 2) push([...piece].length > 12 ? `${[...piece].slice(0, 12).join("")}…` : piece);
    }
  }
  return out;
}
