# Policy for the etl-worker subagent. Owner: data-platform. Changes need data-owner approval (see ../README.md).
path "secret/data/analytics/*" {
  capabilities = ["read"]
}

path "secret/data/warehouse/loader" {
  capabilities = ["read"]
}
