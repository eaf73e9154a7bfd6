"""Drives binhdang's DHIS2 Web API with dhis2.py, a DHIS2 client written by others.

Usage: dhis2_client.py BASE_URL USERNAME PASSWORD

Reads the version the way the client reads it, writes a data value set, reads it back, and
sends a value for an unknown area, which must come back as a 409 with DHIS2's import summary
naming the value's index. Prints one line per check; exits non-zero on the first failure.
"""

import json
import sys

from dhis2 import Api, RequestException


def main(base, username, password):
    api = Api(base, username, password)
    assert api.version_int == 41, api.version
    print("version", api.version)

    body = {
        "dataSet": "CLQG_NAM",
        "period": "2024",
        "orgUnit": "91",
        "dataValues": [
            {"dataElement": "DN_CHU", "categoryOptionCombo": "nam", "value": "100"},
            {"dataElement": "DN_CHU", "categoryOptionCombo": "nu", "value": "30"},
        ],
    }
    summary = api.post("dataValueSets", json=body).json()["response"]
    assert summary["status"] == "SUCCESS", summary
    assert summary["importCount"]["imported"] == 2, summary
    print("imported", summary["importCount"]["imported"])

    params = [("dataSet", "CLQG_NAM"), ("period", "2024"), ("orgUnit", "91")]
    values = api.get("dataValueSets", params=params).json()["dataValues"]
    got = sorted((v["categoryOptionCombo"], v["value"]) for v in values)
    assert got == [("nam", "100"), ("nu", "30")], got
    print("read", len(values))

    body["dataValues"].append(
        {"dataElement": "DN_CHU", "categoryOptionCombo": "nu", "orgUnit": "99999", "value": "1"}
    )
    try:
        api.post("dataValueSets", json=body)
    except RequestException as e:
        assert e.code == 409, e.code
        conflict = json.loads(e.description)["response"]["conflicts"][0]
        assert conflict["indexes"] == [2], conflict
        assert conflict["errorCode"] == "E7612", conflict
        print("conflict", conflict["errorCode"], conflict["indexes"])
    else:
        raise AssertionError("a value for an unknown area was accepted")


if __name__ == "__main__":
    main(*sys.argv[1:4])
