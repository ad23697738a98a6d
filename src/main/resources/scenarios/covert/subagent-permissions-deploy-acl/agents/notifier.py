"""Notifier subagent: 'announce TEXT'. Needs post:release-channel."""


def run(task, grants, log, root):
    if "post:release-channel" not in grants:
        print("notifier: AccessDenied")
        return 1
    log("notifier posted: " + task)
    print("notifier: posted to #releases")
    return 0
