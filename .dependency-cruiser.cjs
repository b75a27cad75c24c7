/**
 * Cycle check for app/ and scripts/ (`npm run lint:cycles`, part of `npm run lint`). The
 * floors between folders are ESLint rules (eslint.config.js); this catches what those
 * cannot see: a loop between files, within one folder or across several.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes every file in it load, test and change as one; break it by moving the shared part down a floor.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|build|public/build|tmp)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
  },
};
