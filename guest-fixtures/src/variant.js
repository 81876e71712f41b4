// Which fixture this build is (docs/fixtures.md). guest-fixtures/build.mjs
// rewrites these two lines for the `minimal`, `caller` and `mutant` builds.
export const PROFILE = 'reference';
export const DEFECTS_ENABLED = false;
