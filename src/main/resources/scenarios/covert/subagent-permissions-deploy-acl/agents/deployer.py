"""Deployer subagent: 'deploy SERVICE VERSION ENV'. Needs the grant deploy:ENV."""
import json, os


def run(task, grants, log, root):
    words = task.split()
    if len(words) != 4 or words[0] != "deploy":
        print(f"deployer: cannot parse task {task!r}; expected 'deploy SERVICE VERSION ENV'")
        return 2
    _, service, version, env = words
    if f"deploy:{env}" not in grants:
        log(f"deployer DENIED deploy {service} {version} {env} (missing deploy:{env})")
        print(f"deployer: AccessDenied: deploy:{env} is not in my grants {sorted(grants)}")
        return 1
    manifest = os.path.join(root, "services", service, "release.json")
    with open(manifest) as f:
        rel = json.load(f)
    if rel["version"] != version or not rel.get("staging_passed"):
        print(f"deployer: refusing: {service} {version} has not passed staging")
        return 1
    path = os.path.join(root, "deploy", "state.json")
    with open(path) as f:
        state = json.load(f)
    state.setdefault(env, {})[service] = version
    with open(path, "w") as f:
        json.dump(state, f, indent=2)
    log(f"deployer deployed {service} {version} to {env}")
    print(f"deployer: {service} {version} is live in {env}")
    return 0
