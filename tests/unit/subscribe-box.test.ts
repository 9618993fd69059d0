// The subscribe box on the home and campaign pages leaves the address to the server, which reads a
// full-width address (ｈａｎａ＠ｅｘａｍｐｌｅ．ｊｐ) that the browser's type="email" check refuses.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { expect, it } from "vitest";
import { SubscribeBox } from "~/components/subscribe-box";
import { getMessages } from "~/i18n/catalog.server";

it("posts without the browser's email check", async () => {
  const element = createElement(SubscribeBox, { formShown: "token" });
  const routes = [
    { id: "root", path: "*", loader: () => ({ locale: "ja", messages: getMessages("ja") }), element },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/ja"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToStaticMarkup(createElement(StaticRouterProvider, { router, context, hydrate: false }));
  expect(html).toMatch(/<form[^>]*class="subscribe-box"[^>]*novalidate/i);
  expect(html).toContain('type="email"');
});
