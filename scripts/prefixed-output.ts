/** Writes `[name] line` to stdout, with a colour per name when stdout is a terminal. */
export function prefixedPrinter(stream: NodeJS.WriteStream = process.stdout) {
  const colours = [36, 35, 33, 32, 34]; // cyan, magenta, yellow, green, blue
  const assigned = new Map<string, number>();
  const width = 8;
  return (name: string, text: string): void => {
    if (!assigned.has(name)) assigned.set(name, colours[assigned.size % colours.length] ?? 37);
    const label = `[${name}]`.padEnd(width);
    const prefix = stream.isTTY ? `\x1b[${assigned.get(name)}m${label}\x1b[0m` : label;
    for (const line of text.split('\n')) stream.write(`${prefix} ${line}\n`);
  };
}
