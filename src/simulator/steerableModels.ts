// Which models take `response.steer` (protocol.md §11: the GPT-6 family; GPT-5.6 and earlier
// refuse). A setting of globs, so a test can make any model steerable or none.

/** A glob's regular expression: `*` matches any run of characters, everything else itself. */
function globPattern(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export function isSteerableModel(model: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globPattern(glob).test(model));
}
