/**
 * Downloads a file a user attached to a command (a Telegram document, a Discord attachment) from the
 * platform's own file host, with a size cap enforced while it streams in and a deadline.
 */

/** Thrown when a download is larger than allowed. */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
}

/**
 * The body at `url` as UTF-8 text (a BOM removed).
 * @throws FileTooLargeError over `maxBytes`; Error for HTTP errors, timeouts and network failures.
 */
export async function downloadText(url: string, maxBytes: number, timeoutMs = 15_000): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`download timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'error' });
    if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) throw new FileTooLargeError(`file larger than ${maxBytes} bytes`);
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        controller.abort();
        throw new FileTooLargeError(`file larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    clearTimeout(timer);
  }
}
