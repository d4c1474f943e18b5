// The response body is strings piped through a TextEncoderStream.
export default {
  async fetch(request, env, ctx) {
    const words = ReadableStream.from(["streamed ", "text ", "é\n"]);
    return new Response(words.pipeThrough(new TextEncoderStream()), { headers: { "content-type": "text/plain;charset=UTF-8" } });
  },
};
