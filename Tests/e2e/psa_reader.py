"""Reads tickets straight from the sandbox's vendor APIs, as a technician's PSA would show them."""
import base64
import json
import urllib.parse
import urllib.request


def _request(url, headers=None, data=None, method=None):
    request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode())


def _halo_headers(sandbox):
    c = sandbox["credentials"]
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": c["haloClientID"],
                                   "client_secret": c["haloClientSecret"], "scope": "all"}).encode()
    token = _request(sandbox["haloURL"] + "/auth/token?tenant=" + c["haloTenant"], data=form,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})["access_token"]
    return {"Authorization": "Bearer " + token}


def _connectwise_headers(sandbox):
    c = sandbox["credentials"]
    pair = f'{c["connectWiseCompany"]}+{c["connectWisePublicKey"]}:{c["connectWisePrivateKey"]}'
    return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode(), "clientId": c["connectWiseClientID"]}


def _autotask_headers(sandbox):
    c = sandbox["credentials"]
    return {"UserName": c["autotaskUsername"], "Secret": c["autotaskSecret"],
            "ApiIntegrationCode": c["autotaskIntegrationCode"], "Content-Type": "application/json"}


def ticket(sandbox, system, ticket_id):
    """(status id, priority id, closed, external reference) of a ticket, each as text."""
    if system == "halo":
        t = _request(f'{sandbox["haloURL"]}/api/Tickets/{ticket_id}', _halo_headers(sandbox))
        return str(t["status_id"]), str(t["priority_id"]), bool(t.get("hasbeenclosed")), t.get("third_party_id_string")
    if system == "connectwise":
        base = f'{sandbox["connectWiseSite"]}/{sandbox["credentials"]["connectWiseCodebase"]}apis/3.0'
        t = _request(f"{base}/service/tickets/{ticket_id}", _connectwise_headers(sandbox))
        return str(t["status"]["id"]), str(t["priority"]["id"]), bool(t.get("closedFlag")), t.get("externalXRef")
    t = _request(f'{sandbox["baseURL"]}/atservicesrest/V1.0/Tickets/{ticket_id}', _autotask_headers(sandbox))["item"]
    return str(t["status"]), str(t["priority"]), bool(t.get("completedDate")), t.get("externalID")


def tickets_with_reference(sandbox, system, company_id, reference):
    """How many tickets of the company carry the external reference."""
    if system == "connectwise":
        base = f'{sandbox["connectWiseSite"]}/{sandbox["credentials"]["connectWiseCodebase"]}apis/3.0'
        conditions = urllib.parse.quote(f'externalXRef="{reference}" and company/id={company_id}')
        return len(_request(f"{base}/service/tickets?conditions={conditions}&pageSize=1000",
                            _connectwise_headers(sandbox)))
    if system == "autotask":
        body = json.dumps({"filter": [{"op": "and", "items": [
            {"op": "eq", "field": "companyID", "value": int(company_id)},
            {"op": "eq", "field": "externalID", "value": reference}]}]}).encode()
        return len(_request(f'{sandbox["baseURL"]}/atservicesrest/V1.0/Tickets/query', _autotask_headers(sandbox),
                            data=body, method="POST")["items"])
    page = _request(f'{sandbox["haloURL"]}/api/Tickets?client_id={company_id}&pageinate=true&page_size=100&page_no=1',
                    _halo_headers(sandbox))
    return sum(1 for t in page["tickets"] if t.get("third_party_id_string") == reference)
