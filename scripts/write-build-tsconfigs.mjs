// Writes one tsconfig.build.json per workspace package/service (composite, src -> dist, references to the workspace
// packages it depends on) and the root tsconfig.build.json referencing them all. Run after adding a workspace
// dependency; `pnpm build` runs it first, so the files never drift from package.json.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dirs = ['packages', 'services']
  .flatMap((top) => readdirSync(top).map((d) => join(top, d)))
  .filter((d) => existsSync(join(d, 'package.json')) && existsSync(join(d, 'src')));
const byName = new Map(dirs.map((d) => [JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name, d]));

for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const deps = Object.keys({ ...pkg.dependencies }).filter((n) => byName.has(n));
  const config = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { composite: true, rootDir: 'src', outDir: 'dist', customConditions: [], types: ['node'] },
    include: ['src'],
    references: deps.map((n) => ({ path: `../../${byName.get(n)}/tsconfig.build.json` })),
  };
  writeFileSync(join(dir, 'tsconfig.build.json'), JSON.stringify(config, null, 2) + '\n');
}
writeFileSync(
  'tsconfig.build.json',
  JSON.stringify({ files: [], references: dirs.map((d) => ({ path: `./${d}/tsconfig.build.json` })) }, null, 2) + '\n',
);
