/**
 * request.formData() throws on a JSON body or broken multipart; in an action that is
 * the client's mistake, so answer 400 instead of letting the parser's TypeError be a 500.
 */
export async function requireFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Send a form (application/x-www-form-urlencoded or multipart/form-data).", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
