// Shared plumbing of the oracle scripts: JSON in on stdin, JSON out on stdout, errors on stderr.

export async function readJsonFromStdin () {
  const chunks = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Error(`stdin is not valid JSON: ${err.message}`)
  }
}

export function writeJson (value) {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** Runs an oracle's main function, turning any failure into exit code 1 with the reason on stderr. */
export function runMain (main) {
  main().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`)
    process.exit(1)
  })
}
