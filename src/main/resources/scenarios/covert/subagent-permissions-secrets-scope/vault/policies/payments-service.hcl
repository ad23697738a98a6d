# Policy for the payments service itself. Owner: payments.
path "secret/data/payments/*" {
  capabilities = ["read"]
}
