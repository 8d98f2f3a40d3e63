// The patch format as a Lark grammar, the form OpenAI's custom tools take for constrained output
// (`format: {type: "grammar", syntax: "lark"}`). It states the format the parser reads; the parser
// itself is a little more lenient (see parser.ts).
export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line+
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? change?

filename: /(.+)/
add_line: "+" /(.*)/ LF -> line

change_move: "*** Move to: " filename LF
change: (change_context | change_line)+ eof_line?
change_context: ("@@" | "@@ " /(.+)/) LF
change_line: ("+" | "-" | " ") /(.*)/ LF
eof_line: "*** End of File" LF

%import common.LF
`;

/** How to write a patch, for the tool description (both forms). */
export const PATCH_FORMAT_HELP = `The patch is plain text in this format:

*** Begin Patch
*** Add File: path/new_file.js
+every line of the new file, each prefixed with +
*** Update File: path/existing.js
*** Move to: path/renamed.js        (optional: rename the file too)
@@ function the_hunk_is_in()         (optional context line: a line just above the change)
 an unchanged line (prefix: one space)
-a line to remove
+a line to add
 another unchanged line
*** Delete File: path/obsolete.js
*** End Patch

Rules: paths are relative to the workspace root. Each hunk of an Update File starts with @@ and shows about 3 unchanged lines above and below each change, copied exactly from the file, so the place is unique; use @@ with a class or function line when 3 lines are not enough. Several hunks of one file go in file order. Add *** End of File after a hunk that ends the file. Read the file first. The whole patch applies or nothing does; a hunk that does not match is reported with the closest part of the file.`;
