import { commandLine } from '../core/command-name.ts';
import { fail, ok, type Result } from '../core/errors.ts';
import { usageOf, type CommandArgs, type CommandSpec, type OptionSpec, type OptionValue } from './command-spec.ts';

function usageHint(spec: CommandSpec): string {
  return `Usage: ${commandLine(usageOf(spec))}. Example: ${commandLine(spec.examples[0] ?? spec.name)}. More: ${commandLine(`help ${spec.name}`)}`;
}

/**
 * Validates one option value, whatever it came from (text or a Discord option).
 * Pure: returns the typed value or a UserError naming the option.
 */
export function validateOption(spec: CommandSpec, option: OptionSpec, raw: OptionValue): Result<OptionValue> {
  if (option.type === 'integer') {
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isInteger(value) || value < option.min || value > option.max) {
      return fail(
        'args.bad_integer',
        `${option.name} must be a whole number from ${option.min} to ${option.max}; got "${raw}".`,
        usageHint(spec),
      );
    }
    return ok(value);
  }
  const value = String(raw).trim();
  const length = Array.from(value).length;
  if (option.maxLength !== undefined && length > option.maxLength) {
    return fail(
      'args.too_long',
      `${option.name} is ${length.toLocaleString('en-US')} characters long; the limit is ${option.maxLength.toLocaleString('en-US')}.`,
      'Shorten it and try again.',
    );
  }
  if (option.minLength !== undefined && length < option.minLength) {
    return fail('args.too_short', `${option.name} is too short.`, usageHint(spec));
  }
  if (option.choices && !option.choices.includes(value.toLowerCase())) {
    return fail('args.bad_choice', `${option.name} must be one of ${option.choices.join(', ')}; got "${value}".`, usageHint(spec));
  }
  const normalised = option.choices ? value.toLowerCase() : value;
  return option.validate ? option.validate(normalised) : ok(normalised);
}

/** Checks typed arguments (from text or from a platform's structured options) against the spec. */
export function validateArguments(spec: CommandSpec, given: CommandArgs): Result<CommandArgs> {
  const args: CommandArgs = {};
  for (const option of spec.options) {
    const raw = given[option.name];
    if (raw === undefined || raw === '') {
      if (option.required) {
        return fail('args.missing', `${spec.name} needs ${option.description.toLowerCase().replace(/\.$/, '')}.`, usageHint(spec));
      }
      continue;
    }
    const checked = validateOption(spec, option, raw);
    if (!checked.ok) return checked;
    args[option.name] = checked.value;
  }
  return ok(args);
}

/** Splits the text after a command name into its options, per the spec's syntax. */
export function parseArguments(spec: CommandSpec, text: string): Result<CommandArgs> {
  const given: CommandArgs = {};
  const positionals = spec.options.filter((o) => o.syntax === 'positional');
  const words = [...text.matchAll(/\S+/g)];
  let next = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]![0];
    const lower = word.toLowerCase();
    const keyword = spec.options.find((o) => o.syntax === 'keyword' && o.name === lower);
    if (keyword) {
      const value = words[i + 1]?.[0];
      if (value === undefined) return fail('args.missing_value', `${keyword.name} needs a value.`, usageHint(spec));
      given[keyword.name] = value;
      i++;
      continue;
    }
    const choice = spec.options.find(
      (o) => o.syntax === 'choice' && o.type === 'text' && o.choices?.includes(lower) && given[o.name] === undefined,
    );
    if (choice) {
      given[choice.name] = lower;
      continue;
    }
    const positional = positionals[next++];
    if (!positional) {
      return fail('args.unexpected', `${spec.name} did not expect "${word}".`, usageHint(spec));
    }
    if (positional.rest) {
      given[positional.name] = text.slice(words[i]!.index).trim();
      break;
    }
    given[positional.name] = word;
  }
  return validateArguments(spec, given);
}
