#!/usr/bin/env python3
"""Creates or updates NiFi's Git flow registry client for Spotlight's flow definitions.

Run by the NiFi Nomad job (a poststart task), by compose.yaml, or by hand against any NiFi 2.x:
it waits until NiFi's REST API answers, then makes sure exactly one registry client with the
configured name exists and has the configured properties. Running it again changes nothing, or
updates the client in place (so flows already imported from it stay connected).

Settings come from the environment (names as in example.env):
  NIFI_API_URL                    e.g. https://127.0.0.1:8443/nifi-api
  NIFI_USERNAME, NIFI_PASSWORD    single-user login (leave empty for an unsecured NiFi)
  NIFI_CLIENT_CERT, NIFI_CLIENT_KEY  PEM files of a client certificate (a clustered NiFi)
  NIFI_TLS_VERIFY                 false to accept NiFi's self-signed certificate (loopback only)
  NIFI_CA_FILE                    PEM file of the CA that signed NiFi's certificate
  NIFI_REGISTRY_CLIENT            github or gitlab
  NIFI_REGISTRY_CLIENT_NAME       default: Spotlight flows
  NIFI_REGISTRY_API_URL, NIFI_REGISTRY_REPOSITORY_OWNER, NIFI_REGISTRY_REPOSITORY_NAME,
  NIFI_REGISTRY_BRANCH, NIFI_REGISTRY_PATH, NIFI_REGISTRY_TOKEN
  NIFI_WAIT_SECONDS               how long to wait for NiFi, default 600

Python 3 standard library only: the NiFi image ships python3 but no extra packages.
(No dollar-brace or percent-brace sequences: the Nomad job embeds this file in a template.)
"""

import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

CLIENT_TYPES = {
    "github": "org.apache.nifi.github.GitHubFlowRegistryClient",
    "gitlab": "org.apache.nifi.gitlab.GitLabFlowRegistryClient",
}


def setting(name, default=None):
    value = os.environ.get(name, "")
    if value == "":
        if default is None:
            sys.exit("configure-registry-client: " + name + " is not set")
        return default
    return value


def registry_properties(kind):
    """The registry client's properties, named as in NiFi 2.x's GitHub and GitLab registry clients."""
    token = os.environ.get("NIFI_REGISTRY_TOKEN", "")
    common = {
        "Repository Name": setting("NIFI_REGISTRY_REPOSITORY_NAME"),
        "Default Branch": setting("NIFI_REGISTRY_BRANCH", "main"),
        "Repository Path": os.environ.get("NIFI_REGISTRY_PATH", ""),
    }
    if kind == "github":
        properties = {
            "GitHub API URL": setting("NIFI_REGISTRY_API_URL", "https://api.github.com/"),
            "Repository Owner": setting("NIFI_REGISTRY_REPOSITORY_OWNER"),
            "Authentication Type": "PERSONAL_ACCESS_TOKEN" if token else "NONE",
        }
        if token:
            properties["Personal Access Token"] = token
    else:
        if not token:
            sys.exit("configure-registry-client: NIFI_REGISTRY_TOKEN is required for GitLab")
        properties = {
            "GitLab API URL": setting("NIFI_REGISTRY_API_URL", "https://gitlab.com/"),
            "Repository Namespace": setting("NIFI_REGISTRY_REPOSITORY_OWNER"),
            "Authentication Type": "ACCESS_TOKEN",
            "Access Token": token,
        }
    properties.update(common)
    if properties["Repository Path"] == "":
        properties["Repository Path"] = None
    return properties


class NiFi:
    def __init__(self, api_url):
        self.api_url = api_url.rstrip("/")
        self.token = None
        self.context = None
        if self.api_url.startswith("https://"):
            self.context = ssl.create_default_context(cafile=os.environ.get("NIFI_CA_FILE") or None)
            if os.environ.get("NIFI_TLS_VERIFY", "true").lower() == "false":
                self.context.check_hostname = False
                self.context.verify_mode = ssl.CERT_NONE
            cert = os.environ.get("NIFI_CLIENT_CERT", "")
            if cert:
                self.context.load_cert_chain(cert, os.environ.get("NIFI_CLIENT_KEY") or None)

    def request(self, method, path, body=None, form=None):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(self.api_url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
            payload = response.read().decode("utf-8")
        if payload and response.headers.get_content_type() == "application/json":
            return json.loads(payload)
        return payload

    def wait_until_ready(self, seconds):
        deadline = time.monotonic() + seconds
        username = os.environ.get("NIFI_USERNAME", "")
        password = os.environ.get("NIFI_PASSWORD", "")
        while True:
            try:
                if username and password:
                    self.token = self.request("POST", "/access/token", form={"username": username, "password": password})
                self.request("GET", "/flow/about")
                return
            except urllib.error.HTTPError as error:
                if error.code in (400, 401, 403):
                    sys.exit("configure-registry-client: NiFi refused the login or request: HTTP " + str(error.code)
                             + " " + error.read().decode("utf-8", "replace"))
                last = "HTTP " + str(error.code)
            except (urllib.error.URLError, OSError) as error:
                last = str(error)
            if time.monotonic() > deadline:
                sys.exit("configure-registry-client: NiFi at " + self.api_url + " did not answer in time (" + last + ")")
            time.sleep(5)


def configure(nifi, name, kind, properties):
    """Creates the client, or updates it when one with this name exists; returns (action, entity)."""
    client_type = CLIENT_TYPES[kind]
    existing = [entity for entity in nifi.request("GET", "/controller/registry-clients").get("registries", [])
                if entity["component"]["name"] == name]
    if len(existing) > 1:
        sys.exit("configure-registry-client: more than one registry client is named " + repr(name))
    if existing:
        current = existing[0]
        if current["component"]["type"] != client_type:
            sys.exit("configure-registry-client: the registry client " + repr(name) + " is a "
                     + current["component"]["type"] + ", not a " + client_type + "; rename or delete it first")
        known = current["component"].get("properties", {})
        # Sensitive values read back masked, so a configured token is always sent again.
        if all(known.get(key) == value for key, value in properties.items() if "Token" not in key) \
                and not any("Token" in key for key in properties):
            return "unchanged", current
        body = {
            "revision": current["revision"],
            "component": {"id": current["id"], "name": name, "properties": properties},
        }
        return "updated", nifi.request("PUT", "/controller/registry-clients/" + current["id"], body=body)
    body = {
        "revision": {"version": 0},
        "component": {
            "name": name,
            "type": client_type,
            "description": "Spotlight's flow definitions (created by configure-registry-client.py)",
            "properties": properties,
        },
    }
    bundle = [entry["bundle"] for entry in nifi.request("GET", "/controller/registry-types").get("flowRegistryClientTypes", [])
              if entry["type"] == client_type]
    if bundle:
        body["component"]["bundle"] = bundle[0]
    return "created", nifi.request("POST", "/controller/registry-clients", body=body)


def main():
    kind = setting("NIFI_REGISTRY_CLIENT")
    if kind == "none":
        print("configure-registry-client: NIFI_REGISTRY_CLIENT is none; nothing to do")
        return
    if kind not in CLIENT_TYPES:
        sys.exit("configure-registry-client: NIFI_REGISTRY_CLIENT must be github, gitlab or none, not " + repr(kind))
    name = setting("NIFI_REGISTRY_CLIENT_NAME", "Spotlight flows")
    properties = registry_properties(kind)
    nifi = NiFi(setting("NIFI_API_URL"))
    nifi.wait_until_ready(int(setting("NIFI_WAIT_SECONDS", "600")))
    try:
        action, entity = configure(nifi, name, kind, properties)
    except urllib.error.HTTPError as error:
        sys.exit("configure-registry-client: NiFi answered HTTP " + str(error.code) + ": "
                 + error.read().decode("utf-8", "replace"))
    print("configure-registry-client: " + action + " registry client " + repr(name) + " (" + entity["id"] + ", "
          + CLIENT_TYPES[kind] + ")")


if __name__ == "__main__":
    main()
