import { createContext, useContext } from "react";

// The CSP nonce reaches the document through React context: it is set per request on the server,
// and is empty in the browser (which hides nonce attributes from scripts anyway).
export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
