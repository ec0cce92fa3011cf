/** Prints an error without a stack trace and sets a failing exit code. */
export function fail(message: string, code = 1): void {
  process.stderr.write(`sinag: ${message}\n`);
  process.exitCode = code;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
