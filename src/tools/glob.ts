// Glob patterns for search's `glob` argument when ripgrep is not there to interpret them: the
// same rules as ripgrep's --glob. A glob without a slash matches a file's name at any depth
// (`*.js`); one with a slash matches the path from the workspace root (`src/**/*.ts`). A leading
// `!` excludes instead. Supports `*`, `**`, `?`, `[…]`/`[!…]` and `{a,b}`.

export interface GlobMatcher {
  /** True when the file at `relPath` (from the workspace root, forward slashes) is selected. */
  matches(relPath: string): boolean;
}

export function compileGlob(glob: string): GlobMatcher {
  const negated = glob.startsWith('!');
  const body = negated ? glob.slice(1) : glob;
  const anchored = body.includes('/');
  const regex = new RegExp(`^${globToRegExpSource(body.replace(/^\//, ''))}$`);
  return {
    matches(relPath: string): boolean {
      const subject = anchored ? relPath : relPath.slice(relPath.lastIndexOf('/') + 1);
      return regex.test(subject) !== negated;
    },
  };
}

export function globToRegExpSource(glob: string): string {
  let re = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const next = glob[i + 2];
        if (atStart && next === '/') {
          re += '(?:.*/)?'; // `**/`: any number of directories, including none
          i += 2;
        } else if (atStart && next === undefined) {
          re += '.*'; // trailing `**`: everything below
          i += 1;
        } else {
          re += '[^/]*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
      } else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (ch === '{') {
      braceDepth++;
      re += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      re += ')';
    } else if (ch === ',' && braceDepth > 0) {
      re += '|';
    } else if (ch === '\\' && i + 1 < glob.length) {
      re += escapeRegExp(glob[++i] as string);
    } else {
      re += escapeRegExp(ch);
    }
  }
  while (braceDepth-- > 0) re += ')';
  return re;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?/]/g, '\\$&');
}
