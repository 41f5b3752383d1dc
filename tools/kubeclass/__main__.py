from kubeclass.cli import main

main()
