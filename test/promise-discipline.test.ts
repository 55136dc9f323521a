/**
 * The store ports answer with a value (SQLite) or a promise (PostgreSQL): src/core/awaitable.ts.
 * A promise nobody awaits is a write that may not have happened when the next line runs, and an
 * error nobody sees; in a test, `expect(promise).toEqual(…)` compares a Promise object and proves
 * nothing. The type checker does not catch either, so this does, with its own type information:
 *
 * - in src, bench and test: no statement that drops a promise (awaited, returned, `void`-ed on
 *   purpose, or handled with .then/.catch/.finally are the ways to keep one);
 * - in test and bench: no `expect(x)` and no matcher argument whose type is a promise (or an array
 *   of them), except `expect(p).rejects` / `.resolves` and `expect(p).toBeInstanceOf(Promise)`.
 */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function loadProgram(): { program: ts.Program; checker: ts.TypeChecker } {
  const configPath = ts.findConfigFile(ROOT, ts.sys.fileExists, 'tsconfig.json')!;
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  return { program, checker: program.getTypeChecker() };
}

const MATCHERS = /^to(Equal|Be|StrictEqual|MatchObject|ContainEqual|Contain)$/;

describe('promises', () => {
  const { program, checker } = loadProgram();
  const isPromise = (type: ts.Type): boolean =>
    type.isUnion() ? type.types.some(isPromise) : type.getProperty('then') !== undefined || (checker.isArrayType(type) && isPromise(checker.getTypeArguments(type as ts.TypeReference)[0]!));
  const files = program.getSourceFiles().filter((file) => /^(src|bench|test)\//.test(relative(ROOT, file.fileName)));
  const where = (file: ts.SourceFile, node: ts.Node) => `${relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${node.getText(file).slice(0, 90)}`;

  it('are never dropped: every statement that makes one awaits, returns, voids or handles it', () => {
    const dropped: string[] = [];
    for (const file of files) {
      const visit = (node: ts.Node): void => {
        if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
          const call = node.expression;
          const handled = ts.isPropertyAccessExpression(call.expression) && ['then', 'catch', 'finally'].includes(call.expression.name.text);
          if (!handled && isPromise(checker.getTypeAtLocation(call))) dropped.push(where(file, node));
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    expect(dropped).toEqual([]);
  });

  it('are never what a test’s expectation compares', () => {
    const compared: string[] = [];
    for (const file of files.filter((f) => !relative(ROOT, f.fileName).startsWith('src/'))) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && node.arguments.length > 0) {
          const callee = node.expression;
          const isExpect = ts.isIdentifier(callee) && callee.text === 'expect';
          // expect(p).rejects / .resolves settle it; expect(p).toBeInstanceOf(Promise) (or .not.) asks what it is.
          const chain = (ts.isPropertyAccessExpression(node.parent) && node.parent.name.text === 'not' ? node.parent.parent : node.parent) as ts.Node;
          const settles =
            (ts.isPropertyAccessExpression(node.parent) && ['rejects', 'resolves'].includes(node.parent.name.text)) ||
            (ts.isPropertyAccessExpression(chain) && chain.name.text === 'toBeInstanceOf');
          const isMatcher = ts.isPropertyAccessExpression(callee) && MATCHERS.test(callee.name.text);
          if (((isExpect && !settles) || isMatcher) && isPromise(checker.getTypeAtLocation(node.arguments[0]!))) compared.push(where(file, node));
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    expect(compared).toEqual([]);
  });
});
