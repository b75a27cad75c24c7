// Graph API field selection (`fields=web{event_name,event_match_quality{composite_score}}`):
// parsed into a tree and applied to an answer, as Graph does: only what was asked is
// returned, a bare object field returns its default fields (here: all of them), and a name
// the node type does not have is refused with code 100, naming the field.

export type FieldTree = Map<string, FieldTree | null>;
/** What a node type has: a leaf (null) or a child node type with its own fields. */
export type NodeShape = { type: string; fields: Record<string, NodeShape | null> };

export function parseFields(text: string): { ok: true; tree: FieldTree } | { ok: false; message: string } {
  let at = 0;
  const fail = (why: string) => ({ ok: false as const, message: `(#100) Syntax error in fields at character ${at}: ${why}` });
  function list(): FieldTree | string {
    const tree: FieldTree = new Map();
    for (;;) {
      const name = /^[A-Za-z0-9_]+/.exec(text.slice(at))?.[0];
      if (!name) return "expected a field name";
      at += name.length;
      // Modifiers such as .limit(10) are accepted and ignored.
      const modifier = /^(\.[a-z_]+\([^)]*\))+/.exec(text.slice(at))?.[0];
      if (modifier) at += modifier.length;
      if (text[at] === "{") {
        at++;
        const child = list();
        if (typeof child === "string") return child;
        if (text[at] !== "}") return "expected }";
        at++;
        tree.set(name, child);
      } else tree.set(name, null);
      if (text[at] !== ",") return tree;
      at++;
    }
  }
  const tree = list();
  if (typeof tree === "string") return fail(tree);
  if (at !== text.length) return fail("unexpected character");
  return { ok: true, tree };
}

/** The first requested name the shape does not have, with the node type it was asked of. */
export function unknownField(tree: FieldTree, shape: NodeShape): { field: string; type: string } | null {
  for (const [name, child] of tree) {
    if (!(name in shape.fields)) return { field: name, type: shape.type };
    const childShape = shape.fields[name];
    if (child && childShape) {
      const inner = unknownField(child, childShape);
      if (inner) return inner;
    }
  }
  return null;
}

/** Keeps what the tree asks for; arrays are projected item by item; a bare object field keeps everything. */
export function project(value: unknown, tree: FieldTree | null): unknown {
  if (tree === null || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => project(item, tree));
  const out: Record<string, unknown> = {};
  for (const [name, child] of tree) {
    const field = (value as Record<string, unknown>)[name];
    if (field !== undefined) out[name] = project(field, child);
  }
  return out;
}
