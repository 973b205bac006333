import { useContext } from "react";
import { I18nContext, getI18n as globalI18n } from "react-i18next";
import type { i18n as I18n, TFunction } from "i18next";

/**
 * `useTranslation` for this app's fixed i18next instances (one per language, built once, never
 * changed: a language switch loads a new document; see i18n.ts). react-i18next's hook does
 * per-call work meant for instances that load namespaces and change language — a snapshot
 * with `getFixedT`, a copy of the instance's property descriptors, option objects — and
 * i18next's fixed `t` spreads the instance's whole options object on every call. Under load
 * that was ~8 % of a page's server CPU. Here each (instance, namespaces) pair gets one `t`,
 * built once, which remembers the strings of option-less calls (the same key always gives the
 * same text: the messages never change at runtime). Calls with options go to i18next as before.
 */
const cache = new WeakMap<I18n, Map<string, TFunction>>();
type AnyT = (...args: unknown[]) => unknown;
// i18next's own signature; its type declarations omit the fourth argument react-i18next passes.
type GetFixedT = (lng: string, ns: string | null, keyPrefix: undefined, opts?: { scopeNs: string[] }) => AnyT;
const MEMO_LIMIT = 5000;
// Smaller: these texts can carry what users typed (a name, a title), per language and namespaces.
const OPTIONS_MEMO_LIMIT = 1000;

export function useTranslation(ns?: string | readonly string[]): { t: TFunction; i18n: I18n } {
  const i18n = useContext(I18nContext)?.i18n ?? globalI18n();
  return { t: translator(i18n, ns), i18n };
}

/** The same remembering `t` outside React (page titles in `meta`, which runs on every page). */
export function translator(i18n: I18n, ns?: string | readonly string[]): TFunction {
  const fallback = i18n.options.defaultNS;
  const namespaces =
    ns === undefined ? (typeof fallback === "string" ? [fallback] : []) : typeof ns === "string" ? [ns] : [...ns];
  const key = namespaces.join("|");
  let byNs = cache.get(i18n);
  if (!byNs) {
    byNs = new Map();
    cache.set(i18n, byNs);
  }
  let t = byNs.get(key);
  if (!t) {
    // As react-i18next builds it: the first namespace is the default, all of them are in scope.
    const fixed = (i18n.getFixedT as unknown as GetFixedT).call(
      i18n,
      i18n.language,
      namespaces[0] ?? null,
      undefined,
      namespaces.length ? { scopeNs: namespaces } : undefined,
    );
    t = remembering(fixed, withOptions(i18n, i18n.language, namespaces[0] ?? null, fixed));
    byNs.set(key, t);
  }
  return t;
}

/**
 * A call with options for a string key, as i18next's fixed `t` makes it (the same language,
 * namespace and key prefix filled in) but without the copy of the instance's whole options
 * object it spreads first (only read for selector-function keys): half of the call's ~50 µs.
 * Anything else goes to the fixed `t` itself.
 */
function withOptions(i18n: I18n, lng: string, ns: string | null, fixed: AnyT): AnyT {
  const memo = new Map<string, string>();
  return (...args: unknown[]) => {
    const [key, opts] = args;
    if (args.length !== 2 || typeof key !== "string" || typeof opts !== "object" || opts === null)
      return fixed(...args);
    // Options of plain values (a count, a name, a page number) always give the same text: it is
    // remembered by key and values. A plural call (`count`) cost ~100 µs in i18next, and a page
    // asks for its caption, its counts and its progress on every render.
    const id = memoKey(key, opts as Record<string, unknown>);
    if (id !== null) {
      const text = memo.get(id);
      if (text !== undefined) return text;
    }
    const value = ask(key, opts);
    if (id !== null && typeof value === "string") {
      if (memo.size >= OPTIONS_MEMO_LIMIT) memo.clear();
      memo.set(id, value);
    }
    return value;
  };
  function ask(key: string, opts: object): unknown {
    const o: Record<string, unknown> = { ...opts };
    if (typeof o.keyPrefix === "function") return fixed(key, opts);
    o.lng = o.lng || lng;
    o.lngs = o.lngs || undefined;
    o.ns = o.ns || ns;
    if (o.keyPrefix !== "") o.keyPrefix = o.keyPrefix || undefined;
    const sep = i18n.options.keySeparator || ".";
    return (i18n.t as unknown as AnyT).call(i18n, o.keyPrefix ? `${String(o.keyPrefix)}${sep}${key}` : key, o);
  }
}

/**
 * The key and the option values, when they are all numbers, booleans or short strings; else
 * null. Unambiguous: names come from the code, and JSON quotes a string (a typed value cannot
 * pass for another option).
 */
function memoKey(key: string, opts: Record<string, unknown>): string | null {
  let id = key;
  for (const name in opts) {
    const v = opts[name];
    if (typeof v === "string") {
      if (v.length > 200) return null;
      id += `\u0000${name}:${JSON.stringify(v)}`;
    } else if (typeof v === "number" || typeof v === "boolean" || v === undefined) {
      id += `\u0000${name}=${String(v)}`;
    } else return null;
  }
  return id;
}

function remembering(fixed: AnyT, withOpts: AnyT): TFunction {
  const memo = new Map<string, string>();
  const t = (...args: unknown[]) => {
    const [k] = args;
    if (args.length !== 1 || typeof k !== "string") return withOpts(...args);
    let text = memo.get(k);
    if (text === undefined) {
      const value: unknown = fixed(k);
      if (typeof value !== "string") return value;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(k, value);
      text = value;
    }
    return text;
  };
  return t as unknown as TFunction;
}

/**
 * `t(key, { [names[i]]: values[i] })` for a message whose parameters are plain placeholders (no
 * `count`, context or formatting): i18next interpolates once per translator and key, each call
 * then only joins the parts (a call with options costs ~30 µs; a table row or a judge's
 * progress bar asked it once per row). A message without the placeholders is asked each time.
 */
const templates = new WeakMap<TFunction, Map<string, string[]>>();
export function template(
  t: TFunction,
  key: string,
  names: readonly string[],
): (...values: (string | number)[]) => string {
  const mark = "\u0000";
  let byKey = templates.get(t);
  if (!byKey) templates.set(t, (byKey = new Map()));
  const id = `${key}\u0000${names.join(",")}`;
  let parts = byKey.get(id);
  if (!parts) {
    parts = String(t(key, Object.fromEntries(names.map((n, i) => [n, `${mark}${i}${mark}`])))).split(mark);
    byKey.set(id, parts);
  }
  const whole = parts;
  // Odd places are the indexes of the values, even places the text around them.
  if (whole.length < 3 || whole.some((p, i) => i % 2 === 1 && !/^\d+$/.test(p))) {
    return (...values) => String(t(key, Object.fromEntries(names.map((n, i) => [n, values[i]]))));
  }
  return (...values) => {
    let out = whole[0]!;
    for (let i = 1; i < whole.length; i += 2) out += String(values[Number(whole[i])]) + whole[i + 1]!;
    return out;
  };
}
