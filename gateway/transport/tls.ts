/**
 * HTTPS and WSS served by the node itself: STUDIO_TLS_CERT and STUDIO_TLS_KEY
 * name a PEM certificate (optionally followed by its chain) and its private
 * key. Both or neither; each is read and checked at start, so a wrong path
 * or a key that does not belong to the certificate stops the start with one
 * line naming the variable, instead of a server that fails its first
 * handshake. Behind a reverse proxy that terminates TLS, set neither
 * (gateway/README.md, "HTTPS").
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto"
import { readFileSync } from "node:fs"
import { resolve } from "node:path"

export interface TlsFiles {
  /** PEM certificate, then any intermediates. */
  readonly certFile: string
  /** PEM private key, unencrypted. */
  readonly keyFile: string
}

const readPem = (variable: string, path: string, what: string): string => {
  try {
    return readFileSync(path, "utf8")
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new Error(
      `${variable}: cannot read ${path} (${code}); give the path of a readable PEM ${what} file, or unset STUDIO_TLS_CERT and STUDIO_TLS_KEY to serve plain HTTP.`,
    )
  }
}

/** Checks the files a TLS configuration names; throws one line naming the variable at fault. */
export const checkTlsFiles = (files: TlsFiles): TlsFiles => {
  const certPem = readPem("STUDIO_TLS_CERT", files.certFile, "certificate")
  const keyPem = readPem("STUDIO_TLS_KEY", files.keyFile, "private key")
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(certPem)
  } catch (error) {
    throw new Error(`STUDIO_TLS_CERT: ${files.certFile} holds no PEM certificate (${error instanceof Error ? error.message : String(error)}).`)
  }
  let key: KeyObject
  try {
    key = createPrivateKey(keyPem)
  } catch (error) {
    throw new Error(
      `STUDIO_TLS_KEY: ${files.keyFile} holds no unencrypted PEM private key (${error instanceof Error ? error.message : String(error)}).`,
    )
  }
  if (!certificate.checkPrivateKey(key))
    throw new Error(`STUDIO_TLS_KEY: the key in ${files.keyFile} does not belong to the certificate in ${files.certFile}.`)
  return { certFile: resolve(files.certFile), keyFile: resolve(files.keyFile) }
}

/** TLS from STUDIO_TLS_CERT and STUDIO_TLS_KEY, checked; undefined when neither is set. */
export const tlsFromEnv = (env: Record<string, string | undefined>): TlsFiles | undefined => {
  const certFile = env["STUDIO_TLS_CERT"]?.trim() ?? ""
  const keyFile = env["STUDIO_TLS_KEY"]?.trim() ?? ""
  if (!certFile && !keyFile) return undefined
  if (!certFile) throw new Error("STUDIO_TLS_CERT: not set while STUDIO_TLS_KEY is; set both (PEM file paths) to serve HTTPS and WSS, or neither.")
  if (!keyFile) throw new Error("STUDIO_TLS_KEY: not set while STUDIO_TLS_CERT is; set both (PEM file paths) to serve HTTPS and WSS, or neither.")
  return checkTlsFiles({ certFile, keyFile })
}
