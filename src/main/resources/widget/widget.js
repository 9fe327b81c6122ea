/*
 * Polaris Operator web widget. Paste into a page:
 *   <script src="https://operator.example.com/widget.js" data-widget-key="pol_wgt_…" defer></script>
 * It draws a chat box in its own shadow DOM, opens a conversation with the server that served this
 * script on the visitor's first message, keeps the conversation's token in the tab's sessionStorage
 * and posts the visitor's messages. No framework, no eval, no inline handlers, no third-party calls.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  const widgetKey = script.getAttribute("data-widget-key") || "";
  const server = new URL(script.src, document.baseURI).origin;
  const storageKey = "polaris-widget:" + widgetKey;
  const maxText = 2000;

  const css = `
    :host { all: initial; position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
      display: flex; flex-direction: column; align-items: flex-end;
      font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; }
    button { font: inherit; cursor: pointer; border: 0; border-radius: 8px; }
    .launcher { background: #1d4ed8; color: #fff; padding: 10px 16px; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
    .launcher:focus-visible, .send:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
    .panel { display: none; flex-direction: column; width: 320px; max-width: calc(100vw - 40px);
      height: 420px; max-height: calc(100vh - 100px); background: #fff; border: 1px solid #cbd2d9;
      border-radius: 12px; box-shadow: 0 8px 28px rgba(0,0,0,.18); overflow: hidden; margin-bottom: 10px; }
    .panel.open { display: flex; }
    .title { margin: 0; padding: 12px 14px; font-size: 16px; font-weight: 600; background: #1d4ed8; color: #fff; }
    .log { flex: 1; overflow-y: auto; padding: 12px; margin: 0; list-style: none; }
    .log li { background: #e0e7ff; border-radius: 10px; padding: 8px 10px; margin: 0 0 8px auto;
      max-width: 85%; width: fit-content; white-space: pre-wrap; overflow-wrap: anywhere; }
    .status { min-height: 1.4em; margin: 0; padding: 0 12px 6px; font-size: 13px; color: #52606d; }
    .status.error { color: #b42318; }
    form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e4e7eb; margin: 0; }
    label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    textarea { flex: 1; resize: none; height: 44px; font: inherit; padding: 6px 8px;
      border: 1px solid #9aa5b1; border-radius: 8px; }
    .send { background: #1d4ed8; color: #fff; padding: 0 14px; }
    .send:disabled { background: #9aa5b1; cursor: default; }
  `;

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  const host = element("div", { "data-polaris-widget": "" });
  const root = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(element("style", {}, css));
  }

  const panel = element("section", { class: "panel", id: "polaris-chat", "aria-label": "Chat" });
  const title = element("h2", { class: "title" }, "Chat with us");
  const log = element("ul", { class: "log", "aria-live": "polite", "aria-label": "Messages" });
  const status = element("p", { class: "status", role: "status" });
  const form = element("form", { novalidate: "" });
  const label = element("label", { for: "polaris-chat-text" }, "Your message");
  const input = element("textarea", { id: "polaris-chat-text", maxlength: String(maxText), rows: "2" });
  const send = element("button", { type: "submit", class: "send" }, "Send");
  const launcher = element("button", {
    type: "button",
    class: "launcher",
    "aria-expanded": "false",
    "aria-controls": "polaris-chat",
  }, "Chat with us");
  form.append(label, input, send);
  panel.append(title, log, status, form);
  root.append(panel, launcher);

  function show(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  launcher.addEventListener("click", () => {
    const open = panel.classList.toggle("open");
    launcher.setAttribute("aria-expanded", String(open));
    launcher.textContent = open ? "Close chat" : "Chat with us";
    if (open) {
      input.focus();
    }
  });

  function storedToken() {
    try {
      return sessionStorage.getItem(storageKey);
    } catch (e) {
      return null;
    }
  }

  function storeToken(token) {
    try {
      if (token) {
        sessionStorage.setItem(storageKey, token);
      } else {
        sessionStorage.removeItem(storageKey);
      }
    } catch (e) {
      // Storage may be off: the conversation then lasts as long as the page.
    }
  }

  let memoryToken = null;

  class WidgetError extends Error {
    constructor(status, retryAfter) {
      super("HTTP " + status);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  async function call(path, body) {
    let response;
    try {
      response = await fetch(server + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
    } catch (e) {
      throw new WidgetError(0, null);
    }
    if (!response.ok) {
      throw new WidgetError(response.status, response.headers.get("Retry-After"));
    }
    return response.json();
  }

  async function token() {
    const known = storedToken() || memoryToken;
    if (known) {
      return known;
    }
    const opened = await call("/widget/v1/conversations", { widgetKey: widgetKey });
    memoryToken = opened.conversationToken;
    storeToken(opened.conversationToken);
    return opened.conversationToken;
  }

  async function post(text) {
    const first = await token();
    try {
      return await call("/widget/v1/messages", { conversationToken: first, text: text });
    } catch (e) {
      if (e instanceof WidgetError && e.status === 401) {
        // The conversation is gone (erased, say): start a new one and send once more.
        memoryToken = null;
        storeToken(null);
        return call("/widget/v1/messages", { conversationToken: await token(), text: text });
      }
      throw e;
    }
  }

  function explain(error) {
    const status = error instanceof WidgetError ? error.status : 0;
    if (status === 429) {
      const seconds = Number.parseInt(error.retryAfter || "", 10);
      return "You are sending messages a little fast. Please wait"
        + (seconds > 0 ? " " + seconds + " seconds" : " a moment") + " and try again.";
    }
    if (status === 403 || status === 404 || status === 0) {
      return "Sorry, the chat is not available on this page right now.";
    }
    if (status === 422) {
      return "Please write a message of 1 to " + maxText + " characters.";
    }
    return "Sorry, your message could not be sent. Please try again.";
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || text.length > maxText) {
      show("Please write a message of 1 to " + maxText + " characters.", true);
      return;
    }
    send.disabled = true;
    show("Sending…", false);
    try {
      await post(text);
      log.appendChild(element("li", {}, text));
      log.scrollTop = log.scrollHeight;
      input.value = "";
      show("Sent. We will get back to you soon.", false);
    } catch (e) {
      show(explain(e), true);
    } finally {
      send.disabled = false;
      input.focus();
    }
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function attach() {
    document.body.appendChild(host);
  }
  if (document.body) {
    attach();
  } else {
    document.addEventListener("DOMContentLoaded", attach);
  }
})();
