"""A minimal browser for the benchmark and the scale-out run: cookies, forms
as a browser would submit them, no automatic redirects, login with the second
factor (TOTP). Standard library only."""

import hashlib
import hmac
import http.cookiejar
import secrets
import struct
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser


def totp(key_hex, at=None, step=30, digits=6):
    """The RFC 6238 code django-otp's TOTPDevice expects for ``key_hex``."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(
        bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % (
        10**digits
    )
    return f"{code:0{digits}d}"


class _Forms(HTMLParser):
    """Every form of a page: action, method and the fields a browser sends."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "fields": [],
                    "names": set(),
                }
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if name and tag in ("input", "select", "textarea", "button"):
            self.forms[-1]["names"].add(name)
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append([name, a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or (
                [self._select["first"]] if self._select["first"] is not None else []
            )
            for value in chosen:
                self.forms[-1]["fields"].append([self._select["name"], value])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(self._textarea)
            self._textarea = None


def forms(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    url: str
    body: bytes = field(default=b"", repr=False)

    @property
    def location(self):
        return self.headers.get("Location", "")


def _multipart(data, files):
    boundary = f"----siko{secrets.token_hex(12)}"
    pairs = data.items() if isinstance(data, dict) else data
    parts = []
    for name, value in pairs:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One person's browser; ``base`` picks the server of each request."""

    def __init__(self, base, headers=None):
        self.base = base
        self.headers = dict(headers or {})
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, method, path, data=None, *, files=None, base=None, timeout=120):
        """``files``: ``{field: (file name, bytes, content type)}``, sent as
        multipart/form-data with ``data``."""
        base = base or self.base
        url = path if path.startswith("http") else base + path
        body = None
        headers = dict(self.headers)
        if files:
            body, headers["Content-Type"] = _multipart(data or [], files)
            headers["Referer"] = url
        elif data is not None:
            if isinstance(data, list):
                data = [tuple(pair) for pair in data]
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = url
        request = urllib.request.Request(  # noqa: S310 - loopback http only
            url, data=body, headers=headers, method=method
        )
        try:
            raw = self.opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:  # 3xx (no redirects), 4xx, 5xx
            raw = error
        with raw:
            content = raw.read()
            return Response(
                raw.status if hasattr(raw, "status") else raw.code,
                dict(raw.headers.items()),
                content.decode("utf-8", "replace"),
                url,
                content,
            )

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def submit(
        self, page, *, has_field=None, action=None, overrides=None, files=None, **kwargs
    ):
        """Submit a form of ``page`` (a Response) as a browser would: its
        fields with their current values, ``overrides`` replacing them
        (``None``: the field is left out, as an unticked checkbox)."""
        for form in forms(page.text):
            names = form["names"]
            if form["method"] != "post":
                continue
            if has_field and has_field not in names:
                continue
            if action is not None and (
                action not in form["action"] if action else form["action"]
            ):
                continue  # action="": the form that posts to its own page
            fields = [[n, v] for n, v in form["fields"] if n not in (overrides or {})]
            for name, value in (overrides or {}).items():
                if value is None:  # an unticked checkbox
                    continue
                for v in value if isinstance(value, list) else [value]:
                    fields.append([name, v])
            target = form["action"] or urllib.parse.urlsplit(page.url).path
            if files:
                fields = [f for f in fields if f[0] not in files]
            return self.request("POST", target, fields, files=files, **kwargs)
        raise AssertionError(f"no matching form on {page.url} (status {page.status})")

    def login(self, username, password, *, totp_key=None, base=None):
        """Password, then (when asked) the second factor; the session cookie."""
        page = self.get("/anmelden/", base=base)
        response = self.submit(
            page,
            has_field="password",
            overrides={"username": username, "password": password},
            base=base,
        )
        if response.status != 302:
            raise RuntimeError(f"login of {username}: status {response.status}")
        if "zweiter-faktor/pruefen" in response.location:
            if totp_key is None:
                raise RuntimeError(f"{username} needs a second factor")
            page = self.get(response.location, base=base)
            response = self.submit(
                page, has_field="token", overrides={"token": totp(totp_key)}, base=base
            )
            if response.status != 302:
                raise RuntimeError(f"second factor of {username}: {response.status}")
        return response
