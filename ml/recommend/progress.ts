/** A one-line progress bar on stderr (redrawn in place on a terminal, every tenth otherwise). */
export const progressBar = (label: string, stream: NodeJS.WriteStream = process.stderr) => {
  let lastTenth = -1
  return (done: number, note = ""): void => {
    const width = 30
    const filled = Math.round(done * width)
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}% ${note}`
    if (stream.isTTY) {
      stream.write(`\r${line}`)
      if (done >= 1) stream.write("\n")
    } else if (Math.floor(done * 10) > lastTenth) {
      lastTenth = Math.floor(done * 10)
      stream.write(`${line}\n`)
    }
  }
}
