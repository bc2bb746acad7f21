from csm_desk.cli import main

raise SystemExit(main())
