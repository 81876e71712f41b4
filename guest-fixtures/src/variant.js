// Which fixture this build is (docs/fixtures.md). guest-fixtures/build.mjs
// rewrites these two lines for the `minimal` and `mutant` builds.
export const PROFILE = 'reference';
export const DEFECTS_ENABLED = false;
