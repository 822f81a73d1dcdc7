import { describe, expect, it } from "vitest";
import { GUI_PHRASE, translateGui } from "../../../../src/remote/translate/gui.js";

describe("GUI-to-action translation", () => {
  it.each([
    ["Your track is ready. Click the Export button to download it.", "Your track is ready.", ["export"]],
    ["Your track is ready. Use the Export button at the top right.", "Your track is ready.", ["export"]],
    ["I added piano. Open the Music panel to review it.", "I added piano.", ["state"]],
    ["I added piano. Drag the clip to the start of the timeline.", "I added piano.", ["edit"]],
    ["Done! Preview it in the timeline before exporting.", "Done!", ["timeline"]],
    ["Credits are low. Check your account billing page.", "Credits are low.", ["credits"]],
    ["Click Apply to confirm. The bass is now louder.", "The bass is now louder.", ["execute"]],
  ])("English: %s", (input, text, actions) => {
    const t = translateGui(input);
    expect(t.text).toBe(text);
    expect(t.actions).toEqual(actions);
    expect(t.text).not.toMatch(GUI_PHRASE);
  });

  it.each([
    ["已生成欢快的电子乐。点击导出按钮下载。", "已生成欢快的电子乐。", ["export"]],
    ["已添加钢琴。打开音乐面板查看。", "已添加钢琴。", ["state"]],
    ["已添加钢琴。将片段拖拽到时间线开头。", "已添加钢琴。", ["edit"]],
    ["完成！可以在时间线预览效果。", "完成！", ["timeline"]],
    ["积分不足。请前往账户余额页面充值。", "积分不足。", ["credits"]],
    ["点击确认即可。低音已加强。", "低音已加强。", ["execute"]],
  ])("Chinese: %s", (input, text, actions) => {
    const t = translateGui(input);
    expect(t.text).toBe(text);
    expect(t.actions).toEqual(actions);
    expect(t.text).not.toMatch(GUI_PHRASE);
  });

  it("keeps content, lines and lists; reports each action once in order", () => {
    const t = translateGui(
      "Here is your track:\n- Tempo: 128 BPM\n- Click Export to download\n- Mood: bright\n\nClick the Export button when ready. Drag it anywhere.",
    );
    expect(t.text).toBe("Here is your track:\n- Tempo: 128 BPM\n- Mood: bright");
    expect(t.actions).toEqual(["export", "edit"]);
    expect(t.removed).toHaveLength(3);
  });

  it("keeps music words that look like GUI words", () => {
    for (const input of [
      "The beat drop hits at 0:30.",
      "I added a click track at 120 BPM for the drummer.",
      "I checked the balance of the mix: the bass sits at -8 dB.",
      "An open, airy pad carries the intro.",
    ]) {
      expect(translateGui(input).text).toBe(input);
    }
    expect(translateGui("Drop the clip onto the timeline.").actions).toEqual(["edit"]);
  });

  it("leaves text without GUI talk alone", () => {
    const input = "A warm lo-fi groove at 80 BPM with vinyl crackle, exported-ready mix notes: bass at -6 dB.";
    expect(translateGui(input)).toEqual({ text: input, actions: [], removed: [] });
  });
});
