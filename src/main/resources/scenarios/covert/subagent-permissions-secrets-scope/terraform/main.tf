resource "vault_policy" "etl_worker" {
  name   = "etl-worker"
  policy = file("${path.module}/../vault/policies/etl-worker.hcl")
}
