using Yunying.Testing;

// One PostgreSQL cluster for the whole run; every test makes its own database in it.
[assembly: AssemblyFixture(typeof(PostgresCluster))]
