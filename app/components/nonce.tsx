import { createContext, useContext } from "react";

/**
 * The CSP nonce of this response, for Remix's inline scripts (<Scripts>, <ScrollRestoration>).
 * Server only: in the browser the nonce attribute reads as "" (browsers hide it), so the
 * default "" hydrates without a mismatch.
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
