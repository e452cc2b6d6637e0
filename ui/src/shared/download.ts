// Downloads a file the API serves only to a signed-in caller: a plain link cannot carry the auth
// header, so the body is fetched with it and handed to the browser as an object URL.
import type PocketBase from 'pocketbase';

/** Fetches `path` with `pb`'s sign-in and saves it as `filename`; a refusal throws its message. */
export async function downloadWithAuth(
  pb: PocketBase,
  path: string,
  filename: string,
): Promise<void> {
  const res = await fetch(pb.buildURL(path), { headers: { Authorization: pb.authStore.token } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `The download failed (${res.status}).`);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
