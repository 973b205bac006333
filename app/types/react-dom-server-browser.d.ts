// react-dom ships the Web Streams server renderer as "react-dom/server.browser"; its types are
// those of "react-dom/server" (see app/entry.server.tsx for why it is used).
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
