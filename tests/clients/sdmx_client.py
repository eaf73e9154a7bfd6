"""Reads binhdang's SDMX export with an SDMX library written by others (sdmx1, from PyPI): the
structure message of a form (SDMX-ML 2.1) and its data (SDMX-CSV 2.0) read against it. Prints
one line per observation as `AREA INDICATOR TIME_PERIOD VALUE` followed by a summary line;
exits non-zero when the library refuses either message.

Usage: sdmx_client.py BASE_URL USER PASSWORD FORM AREA"""

import io
import json
import sys
import urllib.request

import sdmx

base, user, password, form, area = sys.argv[1:6]
request = urllib.request.Request(
    base + "/api/v1/auth/token",
    data=json.dumps({"username": user, "password": password}).encode(),
    headers={"Content-Type": "application/json"},
)
token = json.load(urllib.request.urlopen(request))["token"]


def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as resp:
        return resp.read()


structure = sdmx.read_sdmx(io.BytesIO(get(f"/api/v1/sdmx/structure/{form}")), format="XML")
flow = structure.dataflow[form]
dsd = structure.structure[f"DSD_{form}"]
assert flow.structure is dsd or flow.structure.id == dsd.id, "the dataflow names its structure"
dims = [d.id for d in dsd.dimensions.components]
message = sdmx.read_sdmx(io.BytesIO(get(f"/api/v1/sdmx/data/{form}?area={area}")), format="CSV", structure=flow)
count = 0
for data_set in message.data:
    for obs in data_set.obs:
        key = obs.key.get_values() if hasattr(obs.key, "get_values") else [kv.value for kv in obs.key.values.values()]
        values = {d: str(v) for d, v in zip(dims, key)}
        print(values.get("REF_AREA"), values.get("INDICATOR"), values.get("TIME_PERIOD"), obs.value)
        count += 1
print(f"read {count} observations; dimensions {','.join(dims)}; codes in CL_REF_AREA {len(structure.codelist['CL_REF_AREA'])}")
