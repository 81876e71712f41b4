// What the `change` tool changes (docs/fixtures.md, "Changes").
export const state = {
  extraTool: false,
  extraPrompt: false,
  extraResource: false,
  counter: 0,
};
